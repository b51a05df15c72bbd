"""A list's rows and their buttons are built in Python by one pattern (core.tables.RowAction)."""

import re

from django.test import Client
from django.urls import reverse

from core.tables import RowAction, render_actions, render_row
from strict_forms import services
from tests.strict_forms.factories import kind


def test_a_posting_button_carries_the_token_and_everything_is_escaped():
    html = render_actions(
        [
            RowAction('<b>"x"</b>', "/a/?b=1&c=2", testid="t", icon="pencil"),
            RowAction(
                "Delete",
                "/d/1/",
                post=True,
                icon="x-lg",
                icon_only=True,
                aria_label="Delete <1>",
                confirm="Sure?",
            ),
        ],
        csrf_token="tok",
    )
    assert '<a href="/a/?b=1&amp;c=2" class="btn btn-sm btn-outline-primary" data-testid="t">' in html
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in html and "<b>" not in html
    assert '<form method="post" action="/d/1/" class="d-inline">' in html
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="tok">' in html
    assert 'title="Delete" aria-label="Delete &lt;1&gt;" data-confirm="Sure?"' in html
    assert render_row("<td>1</td>", {"data-blank": '0"1'}) == '<tr data-blank="0&quot;1"><td>1</td></tr>'


def test_the_blanks_registry_numbers_its_rows_across_pages_and_offers_delete_to_who_may(cast, login):
    """covers BLK-4"""
    services.blanks_receive(
        acting_user=cast.records_clerk, school=cast.school_a, kind=kind(), numbers="500001-500030"
    )
    client = login(cast.records_clerk)
    second = client.get(reverse("strict_forms:blank_list"), {"page": 2}).content.decode()
    assert re.findall(r'<td class="num">(\d+)</td>', second) == [str(n) for n in range(26, 31)]
    assert second.count('data-status="new"') == 5
    row = re.search(r'<tr data-blank="500030" data-status="new">.*?</tr>', second, re.S).group(0)
    assert "/delete/" in row and 'data-confirm="' in row
    blank_id = re.search(r'action="/strict-forms/blanks/(\d+)/delete/"', row).group(1)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.records_clerk)
    page = strict.get(reverse("strict_forms:blank_list"), {"page": 2}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(f"/strict-forms/blanks/{blank_id}/delete/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    deputy_view = login(cast.deputy_director).get(reverse("strict_forms:blank_list"))
    assert deputy_view.status_code == 200 and "/delete/" not in deputy_view.content.decode()
