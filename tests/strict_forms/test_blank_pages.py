"""The blanks pages as the records clerk uses them (BLK-1..BLK-4): forms, messages beside the fields,
the registry's query count, the write-off act."""

import io

from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from strict_forms.models import Blank, BlankKind, BlankStatus, WriteOffAct
from tests.factories import EmployeeFactory
from tests.strict_forms.factories import BlankFactory, HandedOutBlankFactory

SEED_DUPLICATE = "A blank with this number of this kind already exists."


def pdf_text(response):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_clerk_registers_a_range_through_the_form(cast, login, attestat_kind):
    """covers BLK-1"""
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:blank_receive"),
        {"kind": attestat_kind.pk, "numbers": " 025416-025500 ", "received_on": "2026-02-10", "series": ""},
    )
    assert response.status_code == 302
    assert Blank.objects.filter(school=cast.school_a).count() == 85
    assert Blank.objects.filter(number="025416").exists()


def test_a_duplicate_number_shows_the_seeds_message_beside_the_field_and_saves_nothing(
    cast, login, attestat_kind
):
    """covers BLK-1"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025416")
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:blank_receive"),
        {"kind": attestat_kind.pk, "numbers": "025416", "received_on": "2026-02-10"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["numbers"] == [gettext(SEED_DUPLICATE)]
    assert Blank.objects.count() == 1


def test_an_overlapping_range_through_the_form_names_the_clashing_numbers(cast, login, attestat_kind):
    """covers BLK-1"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025420")
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_receive"),
        {"kind": attestat_kind.pk, "numbers": "025416-025425", "received_on": "2026-02-10"},
    )
    assert "025420" in response.context["form"].errors["numbers"][0]
    assert Blank.objects.count() == 1


def test_a_kind_of_another_school_cannot_be_chosen(cast, login):
    """covers BLK-1"""
    foreign = BlankKind.objects.create(
        school=cast.school_b, code="own", name_ru="Свой", name_kk="Өз", name_en="Own"
    )
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_receive"),
        {"kind": foreign.pk, "numbers": "1", "received_on": "2026-02-10"},
    )
    assert "kind" in response.context["form"].errors
    assert not Blank.objects.exists()


def test_the_recipient_is_found_by_typing_part_of_the_name(cast, login):
    """covers BLK-2"""
    EmployeeFactory(school=cast.school_a, person__last_name="Жумабекова", person__first_name="Сауле")
    EmployeeFactory(school=cast.school_a, person__last_name="Ким", person__first_name="Виктор")
    EmployeeFactory(school=cast.school_b, person__last_name="Жумабеков", person__first_name="Ерлан")
    response = login(cast.records_clerk).get(reverse("strict_forms:employee_search"), {"q": "жумаб"})
    text = response.content.decode()
    assert "Жумабекова Сауле" in text and "Ким" not in text and "Ерлан" not in text


def test_the_clerk_hands_out_a_blank_through_the_form(cast, login, attestat_kind, employee):
    """covers BLK-2"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025416")
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_hand_out"),
        {
            "recipient": employee.pk,
            "kind": attestat_kind.pk,
            "numbers": "025416",
            "purpose": "выпуск 11 класса",
        },
    )
    assert response.status_code == 302
    blank = Blank.objects.get()
    assert (blank.status, blank.holder, blank.purpose) == (
        BlankStatus.HANDED_OUT,
        employee,
        "выпуск 11 класса",
    )


def test_an_employee_of_another_school_is_not_a_valid_recipient(cast, login, attestat_kind):
    """covers BLK-2"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025416")
    stranger = EmployeeFactory(school=cast.school_b)
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_hand_out"),
        {"recipient": stranger.pk, "kind": attestat_kind.pk, "numbers": "025416", "purpose": "выпуск"},
    )
    assert "recipient" in response.context["form"].errors
    assert Blank.objects.get().status == BlankStatus.NEW


def test_spoiling_a_blank_produces_a_write_off_act_pdf(cast, login, attestat_kind):
    """covers BLK-3"""
    blank = HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="025413")
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:blank_write_off"),
        {
            "kind": attestat_kind.pk,
            "number": "025413",
            "status": "spoiled",
            "reason": "ошибка при заполнении",
        },
    )
    assert response.status_code == 302 and response["Location"] == blank.get_absolute_url()
    act = WriteOffAct.objects.get()
    pdf = client.get(reverse("strict_forms:act_pdf", args=[act.pk]))
    text = pdf_text(pdf)
    assert pdf["Content-Type"] == "application/pdf"
    assert "025413" in text and "ошибка при заполнении" in text


def test_a_write_off_without_reason_is_refused_beside_the_field(cast, login, attestat_kind):
    """covers BLK-3"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025413")
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_write_off"),
        {"kind": attestat_kind.pk, "number": "025413", "status": "spoiled", "reason": "   "},
    )
    assert "reason" in response.context["form"].errors
    assert Blank.objects.get().status == BlankStatus.NEW and not WriteOffAct.objects.exists()


def test_the_registry_shows_every_blanks_status_and_its_story(cast, login, attestat_kind):
    """covers BLK-4"""
    new = BlankFactory(school=cast.school_a, kind=attestat_kind, number="025414")
    handed = HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="025415")
    BlankFactory(school=cast.school_b, kind=attestat_kind, number="099999")
    client = login(cast.records_clerk)
    response = client.get(reverse("strict_forms:blank_list"))
    text = response.content.decode()
    assert "025414" in text and "025415" in text and "099999" not in text
    assert str(handed.holder) in text
    assert reverse("strict_forms:blank_delete", args=[new.pk]) in text
    assert reverse("strict_forms:blank_delete", args=[handed.pk]) not in text
    detail = client.get(handed.get_absolute_url())
    assert detail.status_code == 200 and "025415" in detail.content.decode()


def test_the_registry_filters_by_status(cast, login, attestat_kind):
    """covers BLK-4"""
    BlankFactory(school=cast.school_a, kind=attestat_kind, number="025414")
    HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="025415")
    response = login(cast.records_clerk).get(reverse("strict_forms:blank_list"), {"status": "handed_out"})
    text = response.content.decode()
    assert "025415" in text and "025414" not in text


def test_deleting_a_blank_that_is_not_new_is_refused_with_a_message(cast, login, attestat_kind):
    """covers BLK-4"""
    handed = HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="025415")
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_delete", args=[handed.pk]), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("025415" in m for m in messages)
    assert Blank.objects.filter(pk=handed.pk).exists()


def test_the_registry_runs_the_same_number_of_queries_for_1_and_500_blanks(
    cast, login, count_queries, attestat_kind
):
    """covers BLK-4"""
    client = login(cast.records_clerk)
    url = reverse("strict_forms:blank_list")

    def blanks(start, stop):
        for i in range(start, stop):
            factory = HandedOutBlankFactory if i % 2 else BlankFactory
            factory(school=cast.school_a, kind=attestat_kind, number=f"{i:06d}")

    blanks(0, 1)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    blanks(1, 500)
    many = count_queries(lambda: client.get(url))
    assert one == many
    assert "000024" in client.get(url).content.decode()


def test_the_clerk_adds_a_kind_of_blank_and_cannot_edit_the_national_list(cast, login):
    """covers BLK-1"""
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:kind_create"),
        {
            "name_ru": "Справка об обучении",
            "name_kk": "Оқу туралы анықтама",
            "name_en": "Certificate of study",
            "code": "study_certificate",
            "group": "other",
            "position": 200,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    kind = BlankKind.objects.get(code="study_certificate")
    assert kind.school == cast.school_a
    assert kind in BlankKind.objects.available_at(cast.school_a)
    assert kind not in BlankKind.objects.available_at(cast.school_b)
    national = BlankKind.objects.get(school=None, code="attestat_general")
    assert client.get(reverse("strict_forms:kind_edit", args=[national.pk])).status_code == 404
