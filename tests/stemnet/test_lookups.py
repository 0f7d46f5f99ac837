import pytest

from stemnet.accounts.models import Profile
from tests.factories import ProfileFactory


@pytest.mark.django_db
def test_has_code_finds_a_code_in_a_json_list():
    aso = ProfileFactory(levels=["graad1", "aso"])
    ProfileFactory(levels=["tso_kso_bso"])
    ProfileFactory(levels=[])
    ProfileFactory(levels=["asox"])  # a longer code is not a match
    assert list(Profile.objects.filter(levels__has_code="aso")) == [aso]
    assert Profile.objects.filter(levels__has_code="lager").count() == 0
