"""Staff personal files (STF). An Employee is a Person's record of work at one school."""

from .absences import Absence, AbsenceKind, LeaveRecall, LeaveType  # noqa: F401
from .courses import AttestationConclusion, Course, CourseKind, CourseStatus  # noqa: F401
from .employees import (  # noqa: F401
    Employee,
    EmployeeOrder,
    EmployeeQuerySet,
    EmployeeStatus,
    IdDocumentType,
    MaritalStatus,
    QualificationCategory,
    StaffGroup,
)
from .records import Award, AwardKind, Delegation, Education, EducationLevel, WorkRecord  # noqa: F401
