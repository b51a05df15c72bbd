"""Every admissions URL x every role of the cast (covers ORG-3 for ADM-1..ADM-8): the public pages
answer everybody; another school's application or transfer is a 404."""

from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.models import ApplicationDocument, CatchmentRange, Transfer
from tests.admissions.conftest import build_adm, submit
from tests.contingent.conftest import build_world
from tests.url_matrix import Case, everyone

VIEWERS = ("director", "deputy_director", "secretary")
DECIDERS = ("director", "secretary")
REPORTERS = ("director", "deputy_director", "secretary", "director_b", "district_official")
OUTSIDERS = {"district_official": 404, "director_b": 404}


def ok(*roles, **extra):
    return {r: 200 for r in roles} | extra


def school_page(*roles):
    return ok(*roles, director_b=200)


def application(cast):
    adm = build_adm(cast)
    if "_application" not in cast.__dict__:
        cast.__dict__["_application"] = submit(cast, adm)
    return cast.__dict__["_application"]


def app_pk(cast):
    return {"pk": application(cast).pk}


def document(cast):
    d = ApplicationDocument.objects.create(
        application=application(cast),
        kind="photo",
        file=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png"),
        size=12,
    )
    return {"pk": d.pk}


def fresh_range(cast):
    adm = build_adm(cast)
    r = CatchmentRange.objects.create(
        school=cast.school_a, street=adm.satpaeva, number_from=300, number_to=310
    )
    return {"pk": r.pk}


def transfer(cast):
    if "_transfer" not in cast.__dict__:
        w = build_world(cast)
        cast.__dict__["_transfer"] = Transfer.objects.create(
            student=w.child,
            from_school=cast.school_a,
            to_school=cast.school_b,
            parallel=5,
            reason="Переезд",
            requested_by=cast.parent.person,
        )
    return {"pk": cast.__dict__["_transfer"].pk}


def parents_child(cast):
    return {"pk": build_world(cast).child.pk}


CARD = OUTSIDERS

URL_CASES = {
    "admissions:home": Case(expect=everyone(200), anonymous=200),
    "admissions:search": Case(expect=everyone(200), anonymous=200),
    "admissions:apply_start": Case(expect=everyone(302), anonymous=302, anonymous_to_login=False),
    "admissions:status": Case(expect=everyone(200), anonymous=200),
    "admissions:application_list": Case(expect=school_page(*VIEWERS)),
    "admissions:application_detail": Case(kwargs=app_pk, expect=ok(*VIEWERS) | CARD),
    "admissions:application_confirm": Case(kwargs=app_pk, expect=ok(*DECIDERS) | CARD),
    "admissions:application_refuse": Case(kwargs=app_pk, expect=ok(*DECIDERS) | CARD),
    "admissions:application_document": Case(kwargs=document, expect=ok(*VIEWERS) | CARD),
    "admissions:quotas": Case(expect=school_page(*VIEWERS)),
    "admissions:address_register": Case(expect=school_page(*VIEWERS)),
    "admissions:address_import": Case(expect=school_page(*DECIDERS)),
    "admissions:range_delete": Case(
        kwargs=fresh_range, method="post", expect={"director": 302, "secretary": 302} | CARD
    ),
    "admissions:transfer_list": Case(expect=school_page(*VIEWERS)),
    "admissions:my_transfers": Case(expect=ok("parent")),
    "admissions:transfer_request": Case(kwargs=parents_child, expect=everyone(404, parent=200)),
    "admissions:transfer_detail": Case(
        kwargs=transfer, expect=ok(*VIEWERS, director_b=200, district_official=404)
    ),
    "admissions:transfer_accept": Case(kwargs=transfer, expect={"director_b": 200, "district_official": 404}),
    "admissions:transfer_refuse": Case(kwargs=transfer, expect={"director_b": 200, "district_official": 404}),
    "admissions:transfer_release": Case(kwargs=transfer, expect=ok(*DECIDERS, district_official=404)),
    "admissions:dispatch_journal": Case(expect=school_page(*VIEWERS)),
    "admissions:departure_journal": Case(expect=school_page(*VIEWERS)),
    "admissions:class_transfer_journal": Case(expect=school_page(*VIEWERS)),
    "admissions:report_summary": Case(expect=ok(*REPORTERS)),
    "admissions:report_extended": Case(expect=ok(*REPORTERS)),
    "admissions:report_registered": Case(expect=ok(*REPORTERS)),
}
