import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages(request):
    """Services' messages are asserted in English; pages speak the user's language (Russian)."""
    if request.module.__name__.endswith("test_services"):
        with translation.override("en"):
            yield
    else:
        yield
