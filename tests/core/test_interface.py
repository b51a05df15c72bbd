"""Language, layout and security headers (ORG-6, ORG-3)."""

from django.urls import reverse


def test_responses_carry_a_csp_without_inline_script(cast, login):
    """covers ORG-3"""
    response = login(cast.director).get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_before_login_the_language_comes_from_the_browser_and_russian_otherwise(client, db):
    """covers ORG-6"""
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="kk").headers["Content-Language"] == "kk"
    assert (
        client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ky,en;q=0.5").headers["Content-Language"] == "ky"
    )
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de").headers["Content-Language"] == "ru"


def test_the_language_switch_is_kept_on_the_user(cast, login):
    """covers ORG-6"""
    client = login(cast.teacher)
    response = client.post(reverse("core:set_language"), {"language": "ky", "next": "/years/"})
    assert response.status_code == 302 and response["Location"] == "/years/"
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == "ky"
    client.cookies.clear()
    client.force_login(cast.teacher)
    assert client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "ky"


def test_the_language_switch_ignores_unknown_languages_and_foreign_redirects(cast, login):
    """covers ORG-6"""
    client = login(cast.teacher)
    response = client.post(reverse("core:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == "ru"


def test_kazakh_and_kyrgyz_dates_use_the_local_format(cast, login):
    """covers ORG-6"""
    import datetime

    from django.utils import formats, translation

    for lang in ("kk", "ky", "ru"):
        with translation.override(lang):
            assert formats.date_format(datetime.date(2026, 9, 1), "SHORT_DATE_FORMAT") == "01.09.2026"


def test_the_navigation_shows_only_what_the_role_may_open(cast, login):
    """covers ORG-2 ORG-3"""
    director_page = login(cast.director).get(reverse("core:home")).content.decode()
    assert reverse("core:user_list") in director_page
    teacher_page = login(cast.teacher).get(reverse("core:home")).content.decode()
    assert reverse("core:user_list") not in teacher_page
    assert reverse("core:order_list") not in teacher_page
    official_page = login(cast.district_official).get(reverse("core:home")).content.decode()
    assert reverse("core:school_list") in official_page


def test_the_schools_registry_lists_only_the_officials_district(cast, login):
    """covers ORG-1 ORG-3"""
    from tests.factories import SchoolFactory

    other = SchoolFactory()  # another district
    response = login(cast.district_official).get(reverse("core:school_list"))
    names = {s.pk for s in response.context["object_list"]}
    assert names == {cast.school_a.pk, cast.school_b.pk}
    assert other.pk not in names
    assert (
        login(cast.district_official).get(reverse("core:school_detail", args=[other.pk])).status_code == 404
    )


def test_the_navbar_lists_each_area_once_and_again_under_more_for_a_wide_screen(cast, login):
    """covers ORG-6 (issue 9: at 1280 px the areas that do not fit go under "More", the school's name
    keeps its room; portal.js chooses which, the browser test measures it)"""
    import re

    from django.utils import translation

    with translation.override("ru"):
        html = login(cast.director).get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    areas = re.findall(r'data-nav-area="(\d+)"', html)
    folded = re.findall(r'data-nav-more-area="(\d+)"', html)
    assert areas and areas == folded == [str(n) for n in range(len(areas))]
    more = html[html.index("data-nav-more>") :]
    assert ">Ещё</a>" in more
    top = html[html.index('data-nav-area="0"') : html.index("data-nav-more>")]
    for href in re.findall(r'class="dropdown-item" href="([^"]+)"', top):
        assert f'href="{href}"' in more, href
