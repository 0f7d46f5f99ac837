import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Model and service messages asserted in English (the source strings). Modules that
    need it say ``pytest.mark.usefixtures("english")``; pages requested through the test
    client still get the site's language (Dutch)."""
    with translation.override("en"):
        yield
