"""The modernised secondary education beside the old codes (stemnet/accounts/levels.py): the
mapping to the old grouping, the choices forms offer, the catalogue filter, suggestions and the
yearly report's ``by_level``."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from stemnet.accounts import levels
from stemnet.accounts.forms import ProfileForm
from stemnet.accounts.models import Level, Profile
from stemnet.resources import parse_codes
from tests.factories import ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.forms import CatalogueFilterForm
from trainings.models import Enrolment, TargetLevel, Training
from trainings.suggestions import suggestions_for
from trainings.workspace.forms import TrainingForm

CATALOGUE = reverse("trainings:catalogue")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _codes(grouped) -> list[str]:
    return [code for _title, options in grouped for code, _label in options]


# --- the mapping ------------------------------------------------------------------------------


def test_the_mapping_to_the_old_grouping():
    assert {code: levels.old_group(code) for code in levels.NEW_SECONDARY} == {
        "graad1_a": "graad1",
        "graad1_b": "graad1",
        "doorstroom": "aso",
        "dubbele_finaliteit": "tso_kso_bso",
        "arbeidsmarkt": "tso_kso_bso",
    }
    for code in ("kleuter", "lager", "graad1", "aso", "tso_kso_bso", "hoger", "andere"):
        assert levels.old_group(code) == code
    # Every code of the profile's list lands in one of the report's groups.
    assert {levels.old_group(code) for code in Level.values} == set(levels.REPORT_GROUPS)
    # Once per group: A and B stream together are one 1st grade.
    assert levels.old_groups(["graad1_a", "graad1_b", "graad1", "arbeidsmarkt"]) == [
        "graad1",
        "tso_kso_bso",
    ]


def test_a_filter_finds_the_overlapping_codes_of_the_other_structure():
    assert levels.related("graad1_b") == ["graad1_b", "graad1"]
    assert levels.related("doorstroom") == ["doorstroom", "aso"]
    assert levels.related("aso") == ["aso", "doorstroom"]
    assert levels.related("tso_kso_bso") == ["tso_kso_bso", "dubbele_finaliteit", "arbeidsmarkt"]
    assert levels.related("lager") == ["lager"]
    assert levels.related("directie") == ["directie"]


def test_new_entries_are_offered_only_the_modernised_codes_grouped():
    offered = _codes(levels.level_choices())
    assert set(levels.NEW_SECONDARY) <= set(offered)
    assert not set(levels.OLD_SECONDARY) & set(offered)
    assert set(offered) == set(Level.values) - set(levels.OLD_SECONDARY)
    titles = [str(title) for title, _options in levels.level_choices()]
    assert titles[:3] == [
        "Elementary education",
        "Secondary education, 1st grade",
        "Secondary education, 2nd and 3rd grade",
    ]
    # A record that holds an old code keeps it offered (so saving does not drop it).
    kept = levels.level_choices(["aso", "lager"])
    assert _codes(kept).count("aso") == 1 and "graad1" not in _codes(kept)
    # Trainings: the levels plus the target groups, every TargetLevel code once but the old ones.
    target = _codes(levels.target_level_choices(TargetLevel.choices))
    assert sorted(target) == sorted(set(TargetLevel.values) - set(levels.OLD_SECONDARY))


def test_imports_still_accept_the_old_codes_and_the_new_names():
    assert parse_codes("aso;graad1_a;A-stroom;doorstroomfinaliteit", TargetLevel) == [
        "aso",
        "graad1_a",
        "doorstroom",
    ]
    assert parse_codes("Dubbele finaliteit; arbeidsmarkt", Level) == [
        "dubbele_finaliteit",
        "arbeidsmarkt",
    ]


# --- forms ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_profile_form_offers_old_codes_only_to_a_profile_that_has_them(world):
    base = {"first_name": "A", "last_name": "B", "language": "en", "role": "teacher"}
    fresh = ProfileForm({**base, "levels": ["graad1"]}, initial={"levels": []})
    assert not fresh.is_valid() and "levels" in fresh.errors
    assert "graad1" not in _codes(fresh.fields["levels"].choices)
    older = ProfileForm(
        {**base, "levels": ["graad1", "doorstroom"]}, initial={"levels": ["graad1"]}
    )
    assert older.is_valid(), older.errors
    assert older.cleaned_data["levels"] == ["graad1", "doorstroom"]


@pytest.mark.django_db
def test_the_training_form_keeps_a_trainings_old_codes(world):
    old = TrainingFactory(centre=world.centre, levels=["tso_kso_bso", "directie"])
    assert "tso_kso_bso" in _codes(TrainingForm(instance=old).fields["levels"].choices)
    new = TrainingForm(centre_ids=[world.centre.pk])
    assert not set(levels.OLD_SECONDARY) & set(_codes(new.fields["levels"].choices))


def test_the_catalogue_filter_is_grouped_and_takes_a_saved_old_code():
    form = CatalogueFilterForm({}, centres=[])
    choices = form.fields["level"].choices
    assert choices[0] == ("", "All")
    assert "graad1_a" in _codes(choices[1:]) and "aso" not in _codes(choices[1:])
    saved = CatalogueFilterForm({"level": "aso"}, centres=[])
    assert saved.is_valid(), saved.errors
    assert not CatalogueFilterForm({"level": "nope"}, centres=[]).is_valid()


# --- the catalogue and suggestions ------------------------------------------------------------


@pytest.mark.django_db
def test_the_catalogue_level_filter_finds_both_structures(world, client):
    def training(title, codes):
        t = TrainingFactory(centre=world.centre, title=title, levels=codes)
        SessionFactory(training=t)

    training("Oud ASO", ["aso"])
    training("Doorstroom", ["doorstroom"])
    training("Oude eerste graad", ["graad1"])
    training("A-stroom", ["graad1_a"])
    training("B-stroom", ["graad1_b"])
    training("Arbeidsmarkt", ["arbeidsmarkt"])
    training("Lager", ["lager"])

    def titles(level):
        response = client.get(CATALOGUE, {"level": level})
        assert response.status_code == 200
        assert not response.context["form"].errors
        return {t.title for t in response.context["page"].object_list}

    assert titles("doorstroom") == {"Doorstroom", "Oud ASO"}
    assert titles("aso") == {"Doorstroom", "Oud ASO"}  # a saved search from before
    assert titles("graad1_a") == {"A-stroom", "Oude eerste graad"}
    assert titles("graad1") == {"A-stroom", "B-stroom", "Oude eerste graad"}
    assert titles("dubbele_finaliteit") == set()
    assert titles("tso_kso_bso") == {"Arbeidsmarkt"}
    assert titles("lager") == {"Lager"}
    page = client.get(CATALOGUE).content.decode()
    assert '<optgroup label="Secundair onderwijs, 1ste graad">' in page  # nl-be


@pytest.mark.django_db
def test_the_search_knows_the_new_level_names(world, client):
    t = TrainingFactory(centre=world.centre, title="Robotica", levels=["arbeidsmarkt"])
    SessionFactory(training=t)
    TrainingFactory(centre=world.centre, title="Andere", levels=["lager"])
    response = client.get(CATALOGUE, {"q": "arbeidsmarktfinaliteit"})
    assert {x.title for x in response.context["page"].object_list} == {"Robotica"}


@pytest.mark.django_db
def test_a_teacher_with_a_new_code_is_suggested_a_training_with_the_old_one(world):
    profile = Profile.objects.get(user=world.teacher)
    profile.levels = ["doorstroom"]
    profile.stem_domain = ""
    profile.save()
    training = TrainingFactory(
        centre=world.centre, levels=["aso"], status=Training.Status.PUBLISHED
    )
    SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=10))
    found = suggestions_for(world.teacher)
    assert [s.training for s in found] == [training]
    assert "ASO" in found[0].why


# --- the report -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_by_level_folds_the_new_codes_into_the_old_grouping(world):
    """The masterclass answer stays exact; teachers in the new codes join the old groups.

    Added to 2017: a teacher in A and B stream (one 1st grade), one in doorstroom and
    arbeidsmarkt (ASO-like and TSO/KSO/BSO-like), one in dubbele finaliteit and the old
    tso_kso_bso (one TSO/KSO/BSO). So graad1 8+1, aso 7+1, tso_kso_bso 9+2.
    """
    training = load_masterclasses_2017()
    period, scope = Period.year(2017), Scope("network", "VL")
    before = yearly_report(scope=scope, period=period, details=False).figures["participants"]
    assert {k: v for k, v in before["by_level"].items() if v} == {
        "graad1": 8,
        "aso": 7,
        "tso_kso_bso": 9,
        "lerarenopleiding": 3,
        "andere": 1,
    }
    assert set(before["by_level"]) == set(levels.REPORT_GROUPS)
    assert sum(before["by_level_modernised"].values()) == 0
    for codes in (
        ["graad1_a", "graad1_b"],
        ["doorstroom", "arbeidsmarkt"],
        ["dubbele_finaliteit", "tso_kso_bso"],
    ):
        person = ProfileFactory(role="teacher", levels=codes).user
        EnrolmentFactory(training=training, person=person, status=Enrolment.Status.ATTENDED)
    after = yearly_report(scope=scope, period=period, details=False).figures["participants"]
    assert {k: v for k, v in after["by_level"].items() if v} == {
        "graad1": 9,
        "aso": 8,
        "tso_kso_bso": 11,
        "lerarenopleiding": 3,
        "andere": 1,
    }
    assert after["by_level_modernised"] == {
        "graad1_a": 1,
        "graad1_b": 1,
        "doorstroom": 1,
        "dubbele_finaliteit": 1,
        "arbeidsmarkt": 1,
    }
    assert after["teachers"] == 24
