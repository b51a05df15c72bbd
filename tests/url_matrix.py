"""The format of the URL x role matrix; each app lists its URLs in tests/<app>/url_matrix.py."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Case:
    kwargs: Callable = lambda cast: {}
    expect: dict = field(default_factory=dict)  # role -> status code; roles not named get `default`
    default: int = 403
    anonymous: int = 302  # 302 to the login page; 200 on the public allow-list
    method: str = "get"
    data: Callable | None = None  # cast -> POST data
    query: str = ""
    anonymous_to_login: bool = True  # False for public pages that redirect elsewhere

    def status_for(self, role):
        if role == "anonymous":
            return self.anonymous
        return self.expect.get(role, self.default)


def everyone(status=200, **overrides):
    """Expectation where every logged-in role of the cast gets `status`."""
    from tests.conftest import CAST_ROLES

    return {role: status for role in CAST_ROLES} | overrides


SCHOOL_A_STAFF = (
    "director",
    "deputy_director",
    "hr_officer",
    "records_clerk",
    "secretary",
    "school_admin",
    "class_teacher",
    "teacher",
)
