"""Planning operations, each one transaction (DESIGN rule 4): `<entity>_<verb>(*, acting_user, ...)`."""

from .curriculum import (  # noqa: F401
    class_subject_add,
    class_subject_delete,
    class_subject_update,
    curriculum_paste,
    subgroups_save,
    typical_apply,
    typical_preview,
    week_loads_default,
    week_loads_save,
)
from .timetable import (  # noqa: F401
    find_clashes,
    lesson_move,
    lesson_place,
    lesson_remove,
    timetable_cancel_generation,
    timetable_create,
    timetable_generate,
    timetable_publish,
)
