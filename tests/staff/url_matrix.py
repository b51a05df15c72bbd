"""Every staff URL x every role. Another school's director gets 404 on every object of school A;
a person without Perm.STAFF_VIEW sees only her own file, so a colleague's file is a 404 for her."""

import datetime

from staff.models import AbsenceKind, CourseStatus
from tests.staff.factories import AbsenceFactory, CourseFactory, StaffEmployeeFactory, pdf_file
from tests.url_matrix import Case

READERS = {r: 200 for r in ("director", "deputy_director", "hr_officer", "records_clerk")}
MANAGERS = {"director": 200, "hr_officer": 200}
OWN_SCHOOL_READERS = READERS | {"director_b": 200}
OWN_SCHOOL_MANAGERS = MANAGERS | {"director_b": 200}
REPORTERS = {"director": 200, "deputy_director": 200, "hr_officer": 200, "director_b": 200}
# roles without STAFF_VIEW at school A see only their own file there: a colleague's file is hidden
HIDDEN = 404


def _employee(cast):
    return {"pk": StaffEmployeeFactory(school=cast.school_a, consent_scan=pdf_file()).pk}


def _section(cast):
    return _employee(cast) | {"section": "documents"}


def _record_add(cast):
    return _employee(cast) | {"kind": "education"}


def _record_edit(cast):
    from staff.models import Education

    e = StaffEmployeeFactory(school=cast.school_a)
    return {
        "kind": "education",
        "pk": Education.objects.create(employee=e, level="higher", institution="КазНУ").pk,
    }


def _leave(cast):
    return {"pk": AbsenceFactory(employee__school=cast.school_a, start=datetime.date(2026, 1, 5)).pk}


def _sick(cast):
    return {
        "pk": AbsenceFactory(
            employee__school=cast.school_a, kind=AbsenceKind.SICK_LEAVE, diagnosis="ОРВИ", scan=pdf_file()
        ).pk
    }


def _course(cast, status=CourseStatus.PLANNED):
    return {"pk": CourseFactory(employee__school=cast.school_a, status=status).pk}


def _teacher_file(cast):
    from tests.staff.conftest import file_of

    file_of(cast.teacher, cast.school_a)
    return {}


URL_CASES = {
    "staff:employee_list": Case(expect=OWN_SCHOOL_READERS),
    "staff:employee_archive": Case(expect=OWN_SCHOOL_READERS),
    "staff:employee_hire": Case(expect=OWN_SCHOOL_MANAGERS),
    # without the one-time entry in the session the page forwards to the file (the login is shown once)
    "staff:hired": Case(
        kwargs=_employee,
        expect={"director": 302, "hr_officer": 302, "deputy_director": 403, "records_clerk": 403},
        default=HIDDEN,
    ),
    # without a file of one's own the page says so on the home page (302 there), never a 403
    "staff:my_file": Case(kwargs=_teacher_file, default=302, expect={"district_official": 403}),
    "staff:employee_detail": Case(kwargs=_employee, expect=READERS, default=HIDDEN),
    "staff:employee_history": Case(kwargs=_employee, expect=READERS, default=HIDDEN),
    "staff:section_edit": Case(
        kwargs=_section, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:record_add": Case(
        kwargs=_record_add, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:record_edit": Case(
        kwargs=_record_edit, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:consent_scan": Case(kwargs=_employee, expect=READERS, default=HIDDEN),
    "staff:certificate": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:leave": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:time_off": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:sick_leave": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:recall": Case(
        kwargs=_leave, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:absence_scan": Case(kwargs=_sick, expect=READERS, default=HIDDEN),
    "staff:dismiss": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:delegate": Case(
        kwargs=_employee, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:course_list": Case(expect=OWN_SCHOOL_READERS),
    "staff:requalification": Case(expect=OWN_SCHOOL_READERS),
    "staff:course_create": Case(expect=OWN_SCHOOL_MANAGERS),
    "staff:course_request": Case(kwargs=_teacher_file, expect={"teacher": 200}),
    "staff:course_approve": Case(
        kwargs=lambda c: _course(c, CourseStatus.REQUESTED),
        method="post",
        expect={"director": 302, "hr_officer": 302, "deputy_director": 403, "records_clerk": 403},
        default=HIDDEN,
    ),
    "staff:course_reject": Case(
        kwargs=lambda c: _course(c, CourseStatus.REQUESTED),
        method="post",
        expect={"director": 302, "hr_officer": 302, "deputy_director": 403, "records_clerk": 403},
        default=HIDDEN,
    ),
    "staff:course_confirm": Case(
        kwargs=_course, expect=MANAGERS | {"deputy_director": 403, "records_clerk": 403}, default=HIDDEN
    ),
    "staff:teaching_staff": Case(expect=OWN_SCHOOL_READERS),
    "staff:seniority": Case(expect=OWN_SCHOOL_MANAGERS),
    "staff:import": Case(expect=OWN_SCHOOL_MANAGERS),
    "staff:hiring_register": Case(expect=REPORTERS),
    "staff:staffing_table": Case(expect=REPORTERS),
    "staff:personnel_book": Case(expect=REPORTERS),
    "staff:leave_schedule": Case(expect=REPORTERS),
    "staff:staff_orders": Case(expect=REPORTERS),
    "staff:course_report": Case(expect=REPORTERS),
    "staff:sickness_report": Case(expect=REPORTERS),
}
