import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages asserted in English (the source strings); pages requested through the test
    client still get the site's language (Dutch)."""
    with translation.override("en"):
        yield
