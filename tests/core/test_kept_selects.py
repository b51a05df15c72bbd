"""A list filter's select is kept per process (core.templatetags.portal): never with another
request's choice, language or choices."""

import re

from django.urls import reverse

from tests.factories import SchoolClassFactory


def _selected(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)" selected>([^<]*)<', select)


def test_the_kept_select_marks_this_requests_choice_in_this_language(cast, login, monkeypatch):
    """covers CON-11"""
    from core.templatetags import portal

    rendered = []
    render = portal._render_select
    monkeypatch.setattr(portal, "_render_select", lambda *a: rendered.append(1) or render(*a))
    portal._selects.clear()
    first = SchoolClassFactory(school=cast.school_a, parallel=4, letter_ru="Б", letter_kk="Ә", letter_en="B")
    second = SchoolClassFactory(school=cast.school_a, parallel=4, letter_ru="В", letter_kk="В", letter_en="V")
    client = login(cast.secretary)
    url = reverse("contingent:student_list")
    for round_ in range(2):  # the second round from the kept HTML
        html = client.get(url, {"school_class": first.pk}).content.decode()
        assert _selected(html, "school_class") == [(str(first.pk), "4 Б")]
        html = client.get(url, {"school_class": second.pk}).content.decode()
        assert _selected(html, "school_class") == [(str(second.pk), "4 В")]
        html = client.get(url).content.decode()
        assert [value for value, _label in _selected(html, "school_class")] == [""]
        if round_ == 0:
            written = len(rendered)
    assert len(rendered) == written  # the second round came from the kept HTML
    client.post(reverse("core:set_language"), {"language": "kk", "next": "/"})
    html = client.get(url, {"school_class": first.pk}).content.decode()
    assert _selected(html, "school_class") == [(str(first.pk), "4 Ә")]


def test_a_new_class_appears_in_the_kept_select(cast, login):
    """covers CON-11"""
    client = login(cast.secretary)
    url = reverse("contingent:student_list")
    client.get(url)
    added = SchoolClassFactory(school=cast.school_a, parallel=9, letter_ru="Г")
    assert f'<option value="{added.pk}">9 Г</option>' in client.get(url).content.decode()


def test_a_select_of_a_query_is_kept_under_its_rows_and_read_once(cast, login, count_queries):
    """covers BLK-2 (the blanks registry's "kind of document" filter is a ModelChoiceField)"""
    from strict_forms.models import BlankKind

    client = login(cast.records_clerk)
    url = reverse("strict_forms:blank_list")
    kind = BlankKind.objects.create(
        school=cast.school_a,
        code="test-kind-1",
        name_ru="Аттестат",
        name_kk="Аттестат",
        name_en="Certificate",
    )
    client.get(url)  # the select is written and kept
    one = count_queries(lambda: client.get(url))
    html = client.get(url, {"kind": kind.pk}).content.decode()
    assert _selected(html, "kind") == [(str(kind.pk), str(kind))]
    added = BlankKind.objects.create(
        school=cast.school_a, code="test-kind", name_ru="Новый вид", name_kk="Жаңа түр", name_en="New kind"
    )
    html = client.get(url).content.decode()
    assert f'<option value="{added.pk}">{added}</option>' in html  # the kept select follows its rows
    assert count_queries(lambda: client.get(url)) == one  # its rows are read once: no COUNT, no second read
