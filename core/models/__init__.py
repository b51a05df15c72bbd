from .access import AccessLog, LoginEvent  # noqa: F401
from .jobs import Job, JobStatus  # noqa: F401
from .moderation import ModeratedText  # noqa: F401
from .orders import Order, OrderKind  # noqa: F401
from .organisations import Country, District, Region, School, SchoolKind  # noqa: F401
from .people import Person, Sex, User  # noqa: F401
from .roles import Role, RoleAssignment  # noqa: F401
from .time import AcademicYear, Period, PeriodKind  # noqa: F401
