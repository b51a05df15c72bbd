"""Full-name search, built once and used by every list (CON-11, STF-1, BLK-2).

A query is split into words; every word must be found (in any order) in the row's text: "Фамилия Имя",
"Имя Фамилия Отчество", or a part of either. Kazakh and Kyrgyz letters are folded to their nearest
Russian ones on both sides (Іляс is found when typed as Иляс, Әлия as Алия), ё as е, case ignored.

The folding is an immutable SQL expression (`lower` and `translate`), so PostgreSQL can index it:
`core.Person` has a trigram (pg_trgm) GIN index on the folded full name, which serves the
`LIKE '%word%'` this module writes."""

from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat

# Lower-case Kazakh/Kyrgyz letters and ё, and the Russian letters they are typed as.
FOLD_FROM = "әғқңөұүһіё"
FOLD_TO = "агкноуухие"
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)
_UPPER_FROM = FOLD_FROM.upper()


def fold(text):
    """The Python twin of `Fold`: what a typed word becomes before it is looked up."""
    return (text or "").lower().translate(_TABLE)


class Fold(Func):
    """translate(lower(x), 'ӘҒ…әғ…', 'аг…аг…'): upper case translated too, whatever the collation's lower()."""

    function = "translate"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(
            Func(expression, function="lower", output_field=TextField()),
            Value(_UPPER_FROM + FOLD_FROM),
            Value(FOLD_TO + FOLD_TO),
            **extra,
        )


def name_text(prefix=""):
    """The folded "last first patronymic" of a Person (at `prefix`, e.g. "student__person__")."""
    parts = []
    for name in ("last_name", "first_name", "patronymic"):
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(F(f"{prefix}{name}"), Value(""), output_field=CharField()))
    return Fold(Concat(*parts, output_field=TextField()))


def words(value, limit=5):
    """The folded words of a search box: NUL-free, bounded (a hostile query costs nothing)."""
    value = (value or "").replace("\x00", "")[:200]
    return [w for w in fold(value).split() if w][:limit]


def search_condition(value, *, fields=(), person_paths=()):
    """A Q that every word of `value` satisfies: found in a person's folded full name (each path in
    `person_paths`, e.g. "person" or "employee__person"), her IIN, or one of the `fields` (folded too).
    Returns (annotations, Q)."""
    annotations = {}
    for i, path in enumerate(person_paths):
        annotations[f"_fullname_{i}"] = name_text(f"{path}__" if path else "")
    for j, field in enumerate(fields):
        annotations[f"_text_{j}"] = Fold(field)
    condition = Q()
    for word in words(value):
        alternatives = Q()
        for name in annotations:
            alternatives |= Q(**{f"{name}__contains": word})
        for path in person_paths:
            if word.isdigit():
                alternatives |= Q(**{f"{path}__iin__startswith" if path else "iin__startswith": word})
        condition &= alternatives
    return annotations, condition


def search(queryset, value, *, fields=(), person_paths=(), distinct=False):
    annotations, condition = search_condition(value, fields=fields, person_paths=person_paths)
    if not condition:
        return queryset
    queryset = queryset.alias(**annotations).filter(condition)
    return queryset.distinct() if distinct else queryset
