"""The catalogue of positions of a school's staffing table (STF-2, STF-10).

Positions are chosen, not typed, so one position is one row of the staffing table ("Учитель
математики", never also "учитель математики" or "Учитель матем."). The names are those of the
typical staffing table of a general-education school, kept as the documents write them; a school's
positions already in use are offered too, so nothing already in a file is lost."""

from django.utils.translation import gettext_lazy as _

SUBJECT_TEACHERS = (
    "математики",
    "русского языка и литературы",
    "казахского языка и литературы",
    "английского языка",
    "физики",
    "химии",
    "биологии",
    "истории",
    "географии",
    "информатики",
    "начальных классов",
    "физической культуры",
    "музыки",
    "художественного труда",
    "самопознания",
    "начальной военной и технологической подготовки",
)

# (position, staff group)
CATALOGUE = (
    ("Директор", "head"),
    ("Заместитель директора по учебной работе", "teaching"),
    ("Заместитель директора по воспитательной работе", "teaching"),
    ("Заместитель директора по хозяйственной части", "head"),
    *((f"Учитель {subject}", "teaching") for subject in SUBJECT_TEACHERS),
    ("Учитель", "teaching"),
    ("Педагог-психолог", "teaching"),
    ("Социальный педагог", "teaching"),
    ("Педагог-организатор", "teaching"),
    ("Педагог дополнительного образования", "teaching"),
    ("Учитель-логопед", "teaching"),
    ("Вожатый", "teaching"),
    ("Психолог", "support"),
    ("Библиотекарь", "support"),
    ("Инспектор отдела кадров", "support"),
    ("Делопроизводитель", "support"),
    ("Секретарь", "support"),
    ("Системный администратор", "support"),
    ("Бухгалтер", "support"),
    ("Лаборант", "support"),
    ("Медицинская сестра", "support"),
    ("Завхоз", "support"),
    ("Повар", "support"),
    ("Уборщик служебных помещений", "support"),
    ("Сторож", "support"),
    ("Вахтёр", "support"),
    ("Гардеробщик", "support"),
    ("Рабочий по обслуживанию здания", "support"),
    ("Водитель", "support"),
)
CATALOGUE_NAMES = tuple(name for name, _group in CATALOGUE)


def position_choices(school=None):
    """The catalogue, then the positions this school already uses that the catalogue lacks."""
    from staff.models import Employee

    choices = [("", _("Choose a position"))] + [(name, name) for name in CATALOGUE_NAMES]
    if school is not None:
        known = set(CATALOGUE_NAMES)
        used = (
            Employee.objects.filter(school=school)
            .exclude(position__in=known)
            .order_by("position")
            .values_list("position", flat=True)
            .distinct()
        )
        choices += [(name, name) for name in used]
    return choices
