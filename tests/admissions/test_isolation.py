"""Another school's secretary gets a 404 on every application and transfer URL that is not hers
(ADM-4, ADM-6; DESIGN rule 1)."""

import pytest
from django.urls import reverse

from admissions.models import Transfer
from tests.admissions.conftest import submit
from tests.contingent.conftest import build_world
from tests.factories import RoleFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_third_schools_secretary_gets_404_on_every_application_and_transfer_url(client, cast, adm):
    """covers ADM-4, ADM-6"""
    school_c = SchoolFactory(district=cast.district)
    stranger = UserFactory(username="secretary_c")
    RoleFactory(user=stranger, role="secretary", school=school_c)
    application = submit(cast, adm)
    world = build_world(cast)
    transfer = Transfer.objects.create(
        student=world.child,
        from_school=cast.school_a,
        to_school=cast.school_b,
        parallel=5,
        reason="Переезд",
        requested_by=cast.parent.person,
    )
    client.force_login(stranger)
    for name in ("application_detail", "application_confirm", "application_refuse"):
        assert client.get(reverse(f"admissions:{name}", args=[application.pk])).status_code == 404, name
        assert client.post(reverse(f"admissions:{name}", args=[application.pk]), {}).status_code == 404, name
    for name in ("transfer_detail", "transfer_accept", "transfer_refuse", "transfer_release"):
        assert client.get(reverse(f"admissions:{name}", args=[transfer.pk])).status_code == 404, name
        assert client.post(reverse(f"admissions:{name}", args=[transfer.pk]), {}).status_code == 404, name
    assert client.get(reverse("admissions:transfer_request", args=[world.child.pk])).status_code == 404
    listing = client.get(reverse("admissions:application_list")).content.decode()
    assert application.number not in listing
