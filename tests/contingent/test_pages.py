"""The contingent through its pages: forms, bad input, scoping, query counts, exports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from contingent.models import Consent, GuardianLink, Movement, SchoolClass, Student
from core.models import Order, Person
from tests.contingent.factories import PDF, adult_iin, child_iin, make_parent, make_student, scan
from tests.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def register_data(**overrides):
    return {
        "parallel": "1",
        "residency": "resident",
        "iin": child_iin(datetime.date(2019, 3, 2)),
        "last_name": "Сәрсенова",
        "first_name": "Әйгерім",
        "patronymic": "",
        "birth_date": "2019-03-02",
        "sex": "f",
        "email": "",
        "admitted_on": "2026-09-01",
    } | overrides


def test_the_secretary_registers_a_student_who_lands_without_a_class(cast, login):
    """covers CON-1"""
    client = login(cast.secretary)
    response = client.post(reverse("contingent:student_create"), register_data())
    student = Student.objects.get(person__last_name="Сәрсенова")
    assert response.status_code == 302 and response["Location"] == student.get_absolute_url()
    assert student.school == cast.school_a and student.school_class is None
    listing = client.get(reverse("contingent:student_list") + "?school_class=none")
    assert "Сәрсенова" in listing.content.decode()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("last_name", "", "This field is required."),
        ("birth_date", "", "This field is required."),
        ("sex", "", "This field is required."),
        (
            "last_name",
            "Иванов2",
            "Use letters only, with a hyphen, apostrophe or a single space between parts of the name.",
        ),
        (
            "first_name",
            "<script>",
            "Use letters only, with a hyphen, apostrophe or a single space between parts of the name.",
        ),
        ("iin", "150901600018", "The IIN control digit does not match: check the number."),
        ("iin", "12345", "An IIN consists of exactly 12 digits."),
        ("iin", "", "Enter the IIN: it is required for residents."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("birth_date", "2099-01-01", "The date cannot be in the future."),
    ],
)
def test_bad_registration_input_gives_a_message_beside_the_field_and_saves_nothing(
    cast, login, field, value, message
):
    """covers CON-1 ORG-8"""
    people = Person.objects.count()
    response = login(cast.secretary).post(
        reverse("contingent:student_create"), register_data(**{field: value})
    )
    assert response.status_code == 200
    assert gettext(message) in response.context["form"].errors[field]
    assert Person.objects.count() == people and not Student.objects.exists()


def test_padded_values_are_trimmed_before_saving(cast, login):
    """covers CON-1 ORG-8"""
    login(cast.secretary).post(
        reverse("contingent:student_create"), register_data(last_name="  Сәрсенова ", first_name=" Әйгерім")
    )
    person = Person.objects.get(last_name="Сәрсенова")
    assert person.first_name == "Әйгерім"


def test_a_duplicate_iin_is_refused_beside_the_field(cast, login, world):
    """covers CON-1"""
    response = login(cast.secretary).post(
        reverse("contingent:student_create"), register_data(iin=world.child.person.iin)
    )
    assert gettext("A person with this IIN is already registered.") in response.context["form"].errors["iin"]
    assert Student.objects.filter(person__last_name="Сәрсенова").count() == 0


def class_data(**overrides):
    return {
        "parallel": "7",
        "letter_ru": "В",
        "letter_kk": "В",
        "letter_en": "V",
        "education_profile": "",
        "class_teacher": "",
        "year_of_entry": "2020",
        "class_attribute": "",
        "classroom": "214",
        "language": "kk",
        "shift": "1",
    } | overrides


def test_a_class_is_created_with_a_teacher_allowed_class_guidance(cast, login):
    """covers CON-3"""
    teacher = EmployeeFactory(school=cast.school_a, class_guidance_allowed=True)
    response = login(cast.secretary).post(
        reverse("contingent:class_create"), class_data(class_teacher=teacher.pk)
    )
    created = SchoolClass.objects.get(parallel=7, letter_ru="В")
    assert response.status_code == 302 and created.class_teacher == teacher
    assert created.academic_year == cast.year_a


def test_only_staff_allowed_class_guidance_are_offered_as_class_teachers(cast, login):
    """covers CON-3"""
    allowed = EmployeeFactory(school=cast.school_a, class_guidance_allowed=True)
    not_allowed = EmployeeFactory(school=cast.school_a, class_guidance_allowed=False)
    other_school = EmployeeFactory(school=cast.school_b, class_guidance_allowed=True)
    form = login(cast.secretary).get(reverse("contingent:class_create")).context["form"]
    offered = set(form.fields["class_teacher"].queryset)
    assert allowed in offered and not_allowed not in offered and other_school not in offered
    response = login(cast.secretary).post(
        reverse("contingent:class_create"), class_data(class_teacher=other_school.pk)
    )
    assert "class_teacher" in response.context["form"].errors


def test_a_teacher_who_already_leads_a_class_gets_the_seeds_message(cast, login, world):
    """covers CON-3 CON-4"""
    busy = world.class_a.class_teacher
    response = login(cast.secretary).post(
        reverse("contingent:class_create"), class_data(class_teacher=busy.pk)
    )
    assert gettext("The teacher already leads a class") in response.context["form"].errors["class_teacher"]
    assert not SchoolClass.objects.filter(parallel=7).exists()


def test_the_database_itself_refuses_a_second_class_for_a_teacher(cast, world):
    """covers CON-3"""
    from django.db import IntegrityError, transaction

    from tests.factories import SchoolClassFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolClassFactory(school=cast.school_a, parallel=8, class_teacher=world.class_a.class_teacher)


@pytest.mark.parametrize(
    "field,value",
    [
        ("letter_ru", ""),
        ("letter_kk", "А-1"),
        ("letter_en", " "),
        ("letter_ru", "Б!"),
        ("classroom", "a\x00b"),
    ],
)
def test_bad_class_input_is_refused_and_nothing_saved(cast, login, field, value):
    """covers CON-4 ORG-8"""
    response = login(cast.secretary).post(reverse("contingent:class_create"), class_data(**{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not SchoolClass.objects.exists()


def test_editing_a_class_keeps_its_students(cast, login, world):
    """covers CON-4"""
    response = login(cast.secretary).post(
        reverse("contingent:class_edit", args=[world.class_a.pk]),
        class_data(
            parallel="5",
            letter_ru="А",
            letter_kk="А",
            letter_en="A",
            classroom="101",
            class_teacher=world.class_a.class_teacher.pk,
        ),
    )
    assert response.status_code == 302
    world.class_a.refresh_from_db()
    assert world.class_a.classroom == "101" and world.class_a.students.count() == 1


def test_the_class_card_shows_its_sections_and_counts(cast, login, world):
    """covers CON-3"""
    make_student(cast.school_a, world.class_a, cast.secretary, sex="m", scholarship="Дарын")
    page = login(cast.secretary).get(world.class_a.get_absolute_url())
    html = page.content.decode()
    for section in ("General data", "Educational process", "List of students", "Scholarship holders"):
        assert gettext(section) in html
    assert "Дарын" in html
    assert page.context["object"].n_students == 2 and page.context["object"].n_boys == 1


def test_the_class_cards_rows_are_built_escaped_with_links_and_the_buttons_the_user_may_use(
    cast, login, world
):
    """covers CON-3 (the rows are built in Python in one pass: DESIGN "Performance")"""
    student = world.class_a.students.first()
    student.person.last_name = "<b>Ким</b>"
    student.person.save()
    html = login(cast.secretary).get(world.class_a.get_absolute_url()).content.decode()
    table = html[html.index('data-testid="class-students"') :]
    assert "&lt;b&gt;Ким&lt;/b&gt;" in table and "<b>Ким</b>" not in table
    assert f'href="{student.get_absolute_url()}"' in table
    assert reverse("contingent:student_move", args=[student.pk]) in table
    assert reverse("contingent:student_expel", args=[student.pk]) in table
    deputy = login(cast.deputy_director).get(world.class_a.get_absolute_url()).content.decode()
    assert f'href="{student.get_absolute_url()}"' in deputy  # she reads the card, moves nobody
    assert reverse("contingent:student_move", args=[student.pk]) not in deputy


def test_classes_are_listed_by_parallel_with_counts(cast, login, world):
    """covers CON-3"""
    page = login(cast.director).get(reverse("contingent:class_list"))
    ((parallel, classes, count),) = page.context["parallels"]
    assert parallel == 5 and count == 3 and [c.letter_ru for c in classes] == ["А", "Б"]
    assert page.context["without_class"] == 1


def order_post(**overrides):
    return {
        "order_number": "15",
        "order_date": "2026-09-10",
        "content": "О зачислении",
        "scan": scan(),
    } | overrides


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"order_number": ""}, "order_number", "This field is required."),
        ({"scan": ""}, "scan", "This field is required."),
        (
            {"scan": SimpleUploadedFile("order.exe", b"MZ\x90\x00")},
            "scan",
            "Only PDF, JPEG or PNG files can be uploaded.",
        ),
        (
            {"scan": SimpleUploadedFile("order.pdf", b"GIF89a not a pdf")},
            "scan",
            "The file content does not match its type (PDF, JPEG or PNG).",
        ),
        ({"content": ""}, "content", "This field is required."),
    ],
)
def test_enrolment_without_a_proper_order_says_why_and_moves_nobody(
    cast, login, world, overrides, field, message
):
    """covers CON-2"""
    data = order_post(**overrides) | {"to_class": world.class_a.pk}
    response = login(cast.secretary).post(reverse("contingent:student_enrol", args=[world.waiting.pk]), data)
    assert gettext(message) in response.context["form"].errors[field]
    world.waiting.refresh_from_db()
    assert world.waiting.school_class is None and not Order.objects.filter(number="15").exists()


def test_an_oversized_scan_is_refused(cast, login, world, settings):
    """covers CON-2"""
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("order.pdf", PDF + b"0" * 2048)
    data = order_post(scan=big) | {"to_class": world.class_a.pk}
    response = login(cast.secretary).post(reverse("contingent:student_enrol", args=[world.waiting.pk]), data)
    assert "scan" in response.context["form"].errors
    assert not Movement.objects.filter(student=world.waiting).exists()


def test_enrol_move_and_expel_through_the_pages(cast, login, world):
    """covers CON-2 CON-8 CON-7"""
    client = login(cast.secretary)
    client.post(
        reverse("contingent:student_enrol", args=[world.waiting.pk]),
        order_post() | {"to_class": world.class_a.pk},
    )
    client.post(
        reverse("contingent:student_move", args=[world.waiting.pk]),
        order_post(order_number="16") | {"to_class": world.class_b.pk},
    )
    response = client.post(
        reverse("contingent:student_expel", args=[world.waiting.pk]),
        {"reason": "transfer_school", "order_number": "17", "left_on": "2026-10-20", "period": ""},
    )
    assert response.status_code == 302
    student = Student.objects.get(pk=world.waiting.pk)
    assert student.status == "expelled"
    kinds = list(student.movements.values_list("kind", flat=True))
    assert kinds == ["enrolment", "transfer", "expulsion"]
    card = client.get(student.get_absolute_url()).content.decode()
    assert "№ 15" in card and "№ 16" in card and "№ 17" in card
    archive = client.get(reverse("contingent:student_archive")).content.decode()
    assert student.person.last_name in archive


def test_a_class_is_disbanded_through_its_page(cast, login, world):
    """covers CON-9"""
    url = reverse("contingent:class_disband", args=[world.class_a.pk])
    client = login(cast.secretary)
    response = client.post(
        url, {"order_number": "50", "order_date": "2026-10-01", "content": "О расформировании"}
    )
    assert f"student_{world.child.pk}" in response.context["form"].errors
    assert SchoolClass.objects.get(pk=world.class_a.pk).is_active
    response = client.post(
        url,
        {
            "order_number": "50",
            "order_date": "2026-10-01",
            "content": "О расформировании",
            "scan": scan(),
            f"student_{world.child.pk}": world.class_b.pk,
        },
    )
    assert response.status_code == 302
    assert Student.objects.get(pk=world.child.pk).school_class == world.class_b


def test_the_promotion_page_lists_who_moves_where_and_says_when_it_is_done(cast, login, world):
    """covers CON-10"""
    client = login(cast.secretary)
    page = client.get(reverse("contingent:promotion"))
    assert len(page.context["rows"]) == 3
    data = {"order_number": "90", "order_date": "2027-05-30", "content": "О переводе"}
    data |= {row["name"]: "promote" for row in page.context["rows"]}
    data[f"d_{world.other.pk}"] = "repeat"
    response = client.post(reverse("contingent:promotion"), data, follow=True)
    assert (
        gettext("The transfer to the %(year)s academic year is done.") % {"year": "2027-2028"}
        in response.content.decode()
    )
    assert Student.objects.get(pk=world.child.pk).school_class.parallel == 6
    assert Student.objects.get(pk=world.other.pk).school_class.parallel == 5


def guardian_data(**overrides):
    return {
        "relation": "mother",
        "iin": adult_iin(datetime.date(1986, 6, 6), "f"),
        "last_name": "Ахметова",
        "first_name": "Гүлнар",
        "patronymic": "",
        "birth_date": "1986-06-06",
        "sex": "f",
        "email": "",
        "phone": "+7 701 000 00 00",
    } | overrides


def test_parents_are_added_to_the_personal_file_and_required_fields_are_checked(cast, login, world):
    """covers CON-5"""
    client = login(cast.secretary)
    url = reverse("contingent:guardian_add", args=[world.other.pk])
    bad = client.post(url, guardian_data(first_name="", birth_date=""))
    assert {"first_name", "birth_date"} <= set(bad.context["form"].errors)
    assert client.post(url, guardian_data()).status_code == 302
    assert GuardianLink.objects.filter(student=world.other, person__first_name="Гүлнар").exists()


def test_the_personal_file_is_edited_and_its_history_shows_the_change(cast, login, world):
    """covers CON-5 ORG-7"""
    client = login(cast.secretary)
    p = world.child.person
    data = {
        "iin": p.iin,
        "last_name": p.last_name,
        "first_name": "Әсем",
        "patronymic": "",
        "birth_date": p.birth_date.isoformat(),
        "sex": p.sex,
        "email": "",
        "phone": "",
        "address": "ул. Абая, 5",
        "residency": "resident",
        "admitted_on": "2021-09-01",
        "scholarship": "",
    }
    assert client.post(reverse("contingent:student_edit", args=[world.child.pk]), data).status_code == 302
    history = client.get(reverse("contingent:student_history", args=[world.child.pk]))
    assert "Әсем" in history.content.decode()


def test_consents_are_recorded_and_missing_ones_are_listed(cast, login, world):
    """covers ORG-5"""
    client = login(cast.secretary)
    missing = client.get(reverse("contingent:consent_missing"))
    assert world.child in list(missing.context["object_list"])
    by_class = client.get(reverse("contingent:consent_missing"), {"school_class": world.class_b.pk})
    assert world.child not in list(by_class.context["object_list"])
    assert world.other in list(by_class.context["object_list"])
    url = reverse("contingent:consent_add", args=[world.child.pk])
    data = {"subject": world.child.person_id, "signed_by": cast.parent.person_id, "given_on": "2026-09-01"}
    no_scan = client.post(url, data)
    assert "document" in no_scan.context["form"].errors and not Consent.objects.exists()
    assert client.post(url, data | {"document": scan("consent.pdf")}).status_code == 302
    data["subject"] = cast.parent.person_id
    assert client.post(url, data | {"document": scan("consent.pdf")}).status_code == 302
    missing = client.get(reverse("contingent:consent_missing"))
    assert world.child not in list(missing.context["object_list"])
    doc = client.get(reverse("contingent:consent_document", args=[Consent.objects.first().pk]))
    assert doc.status_code == 200


def test_a_parent_gets_a_login_and_then_sees_only_his_children_read_only(cast, login, world, client):
    """covers CON-5 ORG-3"""
    link = make_parent(
        world.other, person=PersonFactory(iin=adult_iin(), last_name="Омаров", first_name="Ерлан")
    )
    response = login(cast.director).post(reverse("contingent:guardian_login", args=[link.pk]))
    user = response.context["target"]
    assert user.person == link.person and user.must_change_password
    user.must_change_password = False  # as after the first login
    user.save()
    client.force_login(user)
    own = client.get(world.other.get_absolute_url())
    assert own.status_code == 200 and not own.context["can_manage"]
    assert client.get(world.child.get_absolute_url()).status_code == 404
    assert client.get(reverse("contingent:student_edit", args=[world.other.pk])).status_code == 403
    children = client.get(reverse("contingent:my_children"))
    assert list(children.context["object_list"]) == [world.other]


def test_a_parent_gets_404_for_any_child_not_his(cast, login, world):
    """covers ORG-3 CON-5"""
    client = login(cast.parent)
    assert client.get(world.child.get_absolute_url()).status_code == 200
    for student in (world.other, world.waiting, world.student_other_school):
        for name in ("student_detail", "student_history", "student_edit", "student_move", "student_expel"):
            assert client.get(reverse(f"contingent:{name}", args=[student.pk])).status_code == 404, name


STUDENT_URLS = (
    "student_detail",
    "student_history",
    "student_edit",
    "student_enrol",
    "student_move",
    "student_expel",
    "guardian_add",
    "consent_add",
    "meal_create",
)


def test_another_schools_staff_get_404_on_every_student_url(cast, login, world):
    """covers ORG-3"""
    client = login(cast.director_b)
    for name in STUDENT_URLS:
        for student in (world.child, world.waiting):
            assert client.get(reverse(f"contingent:{name}", args=[student.pk])).status_code == 404, name
            assert client.post(reverse(f"contingent:{name}", args=[student.pk]), {}).status_code == 404, name


def test_the_class_teacher_sees_only_her_classs_students(cast, login, world):
    """covers ORG-3 CON-11"""
    client = login(cast.class_teacher)
    listing = client.get(reverse("contingent:student_list"))
    assert list(listing.context["object_list"]) == [world.child]
    assert client.get(world.other.get_absolute_url()).status_code == 404


def test_search_by_name_or_iin_and_filter_by_parallel_and_class(cast, login, world):
    """covers CON-11"""
    client = login(cast.secretary)
    url = reverse("contingent:student_list")
    by_iin = client.get(url, {"q": world.other.person.iin[:8]}).context["object_list"]
    assert list(by_iin) == [world.other]
    by_class = client.get(url, {"school_class": world.class_a.pk}).context["object_list"]
    assert world.child in by_class and world.other not in by_class
    by_parallel = client.get(url, {"parallel": "5"}).context["object_list"]
    assert world.child in by_parallel and world.other in by_parallel
    htmx = client.get(url, {"q": "zzz"}, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.content.decode()


def _fill(cast, world, n):
    for school_class in (world.class_a, world.class_b):
        for i in range(n):
            student = make_student(cast.school_a, school_class, cast.secretary, sex="mf"[i % 2])
            make_parent(student)


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("contingent:student_list", None),
        ("contingent:class_detail", "class"),
        ("contingent:movement_book", None),
        ("contingent:class_list", None),
        ("contingent:user_data", None),
        ("contingent:nobd", None),
    ],
)
def test_pages_run_the_same_number_of_queries_for_1_and_30_students_per_class(
    cast, login, world, count_queries, url_name, kwargs
):
    """covers CON-11 CON-3 CON-12"""
    client = login(cast.secretary)
    url = reverse(url_name, args=[world.class_a.pk] if kwargs else None)
    client.get(url)  # warm caches (sessions, content types)
    one = count_queries(lambda: client.get(url))
    _fill(cast, world, 29)
    thirty = count_queries(lambda: client.get(url))
    print(f"[measure] {url_name}: {one} queries for 1 student per class, {thirty} for 30")
    assert one == thirty, (one, thirty)


def test_the_promotion_page_groups_students_by_class_and_keeps_defaults_for_unsent_decisions(
    cast, login, world
):
    """covers CON-10: the confirmation page of a big school is a list of classes, each opened on demand"""
    client = login(cast.secretary)
    page = client.get(reverse("contingent:promotion"))
    groups = page.context["groups"]
    assert [g["school_class"] for g in groups] == [world.class_a, world.class_b]
    assert [g["target"] for g in groups] == [6, 6]
    html = page.content.decode()
    assert html.count("<details") == 2 and html.count('name="d_') == 3
    hostile = {"order_number": "90", "order_date": "2027-05-30", "content": "О переводе"}
    refused = client.post(reverse("contingent:promotion"), hostile | {f"d_{world.other.pk}": "<b>"})
    assert gettext("Choose one of the offered decisions for every student.") in refused.content.decode()
    assert Student.objects.get(pk=world.other.pk).school_class == world.class_b
    client.post(reverse("contingent:promotion"), hostile | {f"d_{world.other.pk}": "repeat"})
    assert Student.objects.get(pk=world.child.pk).school_class.parallel == 6  # not sent: moves up
    assert Student.objects.get(pk=world.other.pk).school_class.parallel == 5
    again = client.get(reverse("contingent:promotion"))
    assert again.context["closed"] is (datetime.date.today() < again.context["opens_on"])


def test_a_parents_child_card_leads_back_to_his_children_and_his_list_has_no_search_form(cast, login, world):
    """covers CON-5 ORG-3"""
    client = login(cast.parent)
    card = client.get(world.child.get_absolute_url())
    assert card.context["breadcrumbs"][0] == (gettext("My children"), reverse("contingent:my_children"))
    children = client.get(reverse("contingent:my_children"))
    assert children.context["filter"] is None and list(children.context["object_list"]) == [world.child]


def test_the_class_teacher_is_told_why_another_classs_list_is_empty(cast, login, world):
    """covers CON-3 ORG-3"""
    client = login(cast.class_teacher)
    own = client.get(world.class_a.get_absolute_url())
    assert own.context["students"] == [world.child] and not own.context["students_hidden"]
    other = client.get(world.class_b.get_absolute_url())
    assert other.context["students"] == [] and other.context["students_hidden"]
    assert gettext("You see the list of students of your own class only.") in other.content.decode()


def test_the_class_filter_names_each_class_in_the_pages_language(cast, login):
    """covers CON-11: the students list's class filter offers the school's current classes by name"""
    from django.utils import translation

    from tests.factories import SchoolClassFactory

    latin = SchoolClassFactory(school=cast.school_a, parallel=7, letter_ru="Б", letter_kk="Ә", letter_en="B")
    plain = SchoolClassFactory(school=cast.school_a, parallel=2, letter_ru="А", letter_kk="", letter_en="")
    SchoolClassFactory(school=cast.school_b, parallel=3, letter_ru="В")
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            choices = SchoolClass.objects.filter(school=cast.school_a).name_choices()
            assert choices == [(str(c.pk), c.name) for c in (plain, latin)]
    assert SchoolClass.objects.get(pk=latin.pk).name == "7 Б"
    with translation.override("kk"):
        assert latin.name == "7 Ә" and plain.name == "2 А"
    page = login(cast.secretary).get(reverse("contingent:student_list"), HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()
    assert f'<option value="{latin.pk}">7 Б</option>' in html and "3 В" not in html
