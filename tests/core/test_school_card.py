"""The school card, its edit form and its History tab (ORG-1, ORG-7, ORG-8)."""

from django.urls import reverse

from core.models import School


def _card(school, **changes):
    data = {
        "name_kk": school.name_kk,
        "name_ru": school.name_ru,
        "name_en": school.name_en,
        "kind": school.kind,
        "ownership_form": school.ownership_form,
        "bin": "",
        "address": school.address,
        "settlement": school.settlement,
        "settlement_type": school.settlement_type,
        "director_name": "",
        "phone": "",
        "email": "",
        "website": "",
        "licence_number": "",
        "licence_date": "",
        "accreditation_number": "",
        "accreditation_date": "",
        "languages": "",
        "shifts": "1",
        "design_capacity": "",
    }
    data.update(changes)
    return data


def test_the_director_edits_the_card_and_the_history_shows_who_changed_what(cast, login):
    """covers ORG-1 ORG-7"""
    client = login(cast.director)
    url = reverse("core:school_edit", args=[cast.school_a.pk])
    response = client.post(url, _card(cast.school_a, phone="  +7 727 300 40 50  ", shifts="2"))
    assert response.status_code == 302
    cast.school_a.refresh_from_db()
    assert cast.school_a.phone == "+7 727 300 40 50"  # trimmed (ORG-8)
    history = client.get(reverse("core:school_history", args=[cast.school_a.pk])).context["history"]
    change = history[0]
    assert change["user"] == cast.director
    fields = {c["field"]: (c["old"], c["new"]) for c in change["changes"]}
    assert fields[School._meta.get_field("shifts").verbose_name] == (1, 2)


def test_an_empty_required_field_saves_nothing_and_is_named(cast, login):
    """covers ORG-8"""
    client = login(cast.director)
    before = School.objects.get(pk=cast.school_a.pk).name_ru
    response = client.post(
        reverse("core:school_edit", args=[cast.school_a.pk]), _card(cast.school_a, name_ru="  ")
    )
    assert response.status_code == 200
    assert "name_ru" in response.context["form"].errors
    assert 'class="asteriskField"' in response.content.decode()  # required fields are marked
    assert School.objects.get(pk=cast.school_a.pk).name_ru == before


def test_a_school_outside_one_to_three_shifts_is_refused(cast, login):
    """covers ORG-1 ORG-8"""
    response = login(cast.director).post(
        reverse("core:school_edit", args=[cast.school_a.pk]), _card(cast.school_a, shifts="4")
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_another_schools_director_gets_404_on_the_card(cast, login):
    """covers ORG-3"""
    client = login(cast.director_b)
    assert client.get(reverse("core:school_detail", args=[cast.school_a.pk])).status_code == 404
    assert (
        client.post(reverse("core:school_edit", args=[cast.school_a.pk]), _card(cast.school_a)).status_code
        == 404
    )
