"""Planning (PLN-2..PLN-9): catalogues, working curricula, subgroups and ГУП, timetable, substitutions, КТП."""

from .catalogue import Bell, BellSchedule, Holiday, Room, RoomKind, Subject, TeacherDayOff  # noqa: F401
from .curriculum import (  # noqa: F401
    ClassSubject,
    ClassSubjectKind,
    ClassSubjectPeriod,
    Subgroup,
    SubgroupKind,
    TypicalCurriculum,
    TypicalCurriculumLine,
    WeekLoad,
)
from .ktp import KtpTopic  # noqa: F401
from .timetable import (  # noqa: F401
    GenerationState,
    Substitution,
    SubstitutionReason,
    Timetable,
    TimetableLesson,
    TimetableStatus,
)
