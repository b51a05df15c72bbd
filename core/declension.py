"""Names in the grammatical case a Russian sentence needs (orders, certificates): "Предоставить
Тестовой Айжан Маратовне отпуск", "Уволить Абенова Ілияса Нурлановича".

Declension is done by petrovich (the rules of the petrovich project for Russian anthroponyms), by the
person's sex; a person whose sex is unknown, and a Kazakh patronymic ("Нұрланұлы", "Маратқызы"), stay
as written. Kazakh and Kyrgyz texts are phrased so that the name stays in the nominative (passive
orders: "... жұмысқа қабылдансын"), so in any language but Russian the name is returned as written."""

from functools import lru_cache

from django.utils.translation import get_language

CASES = ("genitive", "dative", "accusative", "instrumental", "prepositional")
_TURKIC_PATRONYMIC_ENDINGS = ("ұлы", "улы", "уулу", "қызы", "кызы", "оглы", "кизи")


@lru_cache(maxsize=1)
def _petrovich():
    from petrovich.main import Petrovich

    return Petrovich()


def _case(name):
    from petrovich.enums import Case

    return getattr(Case, name.upper())


def decline_parts(last_name, first_name, patronymic, sex, case):
    """(last, first, patronymic) in `case`, by the rules of Russian names; as written where unknown."""
    from petrovich.enums import Gender

    if case not in CASES or sex not in ("m", "f"):
        return last_name, first_name, patronymic
    p, c = _petrovich(), _case(case)
    gender = Gender.FEMALE if sex == "f" else Gender.MALE
    last = p.lastname(last_name, c, gender) if last_name else last_name
    first = p.firstname(first_name, c, gender) if first_name else first_name
    if patronymic and not patronymic.lower().endswith(_TURKIC_PATRONYMIC_ENDINGS):
        middle = p.middlename(patronymic, c, gender)
    else:
        middle = patronymic
    return last, first, middle


def full_name_in(person, case):
    """The person's full name in `case` when the active language is Russian; as written otherwise."""
    if not (get_language() or "").startswith("ru"):
        return person.full_name
    parts = decline_parts(person.last_name, person.first_name, person.patronymic, person.sex, case)
    return " ".join(p for p in parts if p)
