from tests.factories import OrderFactory, RoleFactory, next_period
from tests.url_matrix import SCHOOL_A_STAFF, Case, everyone

LOGGED_IN = everyone(200)
SCHOOL_VIEWERS = {r: 200 for r in SCHOOL_A_STAFF} | {"director_b": 200}
DIRECTOR_AND_ADMIN = {"director": 200, "school_admin": 200, "director_b": 200}
ORDER_VIEWERS = {
    r: 200
    for r in ("director", "deputy_director", "hr_officer", "records_clerk", "secretary", "school_admin")
} | {"director_b": 200}


def _order_a(cast):
    return {"pk": OrderFactory(school=cast.school_a, author=cast.director).pk}


def _period_a(cast):
    return {"pk": next_period(cast.year_a, "2").pk}


def _role_a(cast):
    return {"pk": RoleFactory(role="class_teacher", school=cast.school_a).pk}


def _fresh_teacher(cast):
    return {"pk": RoleFactory(role="teacher", school=cast.school_a).user.pk}


URL_CASES = {
    "login": Case(expect=everyone(302), anonymous=200),
    "logout": Case(method="post", expect=everyone(302), anonymous=302),
    "password_change": Case(expect=LOGGED_IN),
    "password_change_done": Case(expect=LOGGED_IN),
    "core:home": Case(expect=LOGGED_IN),
    "core:set_language": Case(
        method="post",
        data=lambda c: {"language": "kk", "next": "/"},
        expect=everyone(302),
        anonymous=302,
        anonymous_to_login=False,
    ),
    "core:choose_school": Case(
        method="post", data=lambda c: {"school": c.school_a.pk, "next": "/"}, expect=everyone(302)
    ),
    "core:school_list": Case(expect={"district_official": 200}),
    "core:school_detail": Case(
        kwargs=lambda c: {"pk": c.school_a.pk},
        expect={r: 200 for r in SCHOOL_A_STAFF}
        | {"district_official": 200, "director_b": 404, "parent": 403, "student": 403},
    ),
    "core:school_edit": Case(
        kwargs=lambda c: {"pk": c.school_a.pk},
        expect={"director": 200, "school_admin": 200, "director_b": 404},
    ),
    "core:school_history": Case(
        kwargs=lambda c: {"pk": c.school_a.pk},
        expect={
            r: 200
            for r in (
                "director",
                "deputy_director",
                "hr_officer",
                "records_clerk",
                "secretary",
                "school_admin",
            )
        }
        | {"director_b": 404},
    ),
    "core:year_list": Case(expect=SCHOOL_VIEWERS),
    "core:year_create": Case(expect=DIRECTOR_AND_ADMIN),
    "core:year_edit": Case(
        kwargs=lambda c: {"pk": c.year_a.pk},
        expect={"director": 200, "school_admin": 200, "director_b": 404, "district_official": 404},
    ),
    "core:period_create": Case(
        kwargs=lambda c: {"year_pk": c.year_a.pk},
        expect={"director": 200, "school_admin": 200, "director_b": 404, "district_official": 404},
    ),
    "core:period_edit": Case(
        kwargs=_period_a,
        expect={"director": 200, "school_admin": 200, "director_b": 404, "district_official": 404},
    ),
    "core:period_delete": Case(
        kwargs=_period_a,
        method="post",
        expect={"director": 302, "school_admin": 302, "director_b": 404, "district_official": 404},
    ),
    "core:user_list": Case(expect=DIRECTOR_AND_ADMIN),
    "core:user_create": Case(expect=DIRECTOR_AND_ADMIN),
    "core:user_roles": Case(
        kwargs=lambda c: {"pk": c.teacher.pk},
        expect={"director": 200, "school_admin": 200, "director_b": 404, "district_official": 404},
    ),
    "core:user_password_reset": Case(
        kwargs=_fresh_teacher, method="post", expect={"director": 200, "school_admin": 200, "director_b": 404}
    ),
    "core:role_remove": Case(
        kwargs=_role_a, method="post", expect={"director": 302, "school_admin": 302, "director_b": 404}
    ),
    "core:order_list": Case(expect=ORDER_VIEWERS),
    "core:order_create": Case(
        expect={r: 200 for r in ("director", "hr_officer", "records_clerk", "secretary")}
        | {"director_b": 200}
    ),
    "core:order_detail": Case(
        kwargs=_order_a, expect=ORDER_VIEWERS | {"director_b": 404, "district_official": 404}
    ),
    "core:order_scan": Case(
        kwargs=_order_a, expect={r: 404 for r in ORDER_VIEWERS} | {"district_official": 404}
    ),
    "core:order_scan_upload": Case(
        kwargs=_order_a,
        expect={r: 200 for r in ("director", "hr_officer", "records_clerk", "secretary")}
        | {"deputy_director": 403, "school_admin": 403, "director_b": 404, "district_official": 404},
    ),
    "core:login_list": Case(
        expect={
            "director": 200,
            "deputy_director": 200,
            "school_admin": 200,
            "director_b": 200,
            "district_official": 403,
        }
    ),
    "core:access_log": Case(
        expect={
            "director": 200,
            "deputy_director": 200,
            "school_admin": 200,
            "director_b": 200,
            "district_official": 403,
        }
    ),
    "core:activity": Case(
        expect={"director": 200, "deputy_director": 200, "school_admin": 200, "director_b": 200}
    ),
    "core:district_activity": Case(expect={"district_official": 200}),
    "core:favicon": Case(expect=everyone(302), anonymous=302, anonymous_to_login=False),
    "core:my_school": Case(expect={r: 302 for r in SCHOOL_A_STAFF} | {"director_b": 302}),
    # Background jobs: only the user who started one sees it; anyone else gets a 404 (another's object).
    "core:job_progress": Case(
        kwargs=lambda c: _job(c, finished=False), expect={"director": 200}, default=404
    ),
    "core:job_result": Case(kwargs=lambda c: _job(c, finished=True), expect={"director": 200}, default=404),
    "core:healthz": Case(expect=everyone(200), anonymous=200),
}


def _job(cast, finished):
    from core.models import Job, JobStatus

    status = JobStatus.DONE if finished else JobStatus.QUEUED
    job = Job.objects.create(
        user=cast.director, title="PDF", path="/", status=status, progress=100 * finished
    )
    if finished:
        from django.utils import timezone

        Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), redirect_to="/")
    return {"pk": job.pk}
