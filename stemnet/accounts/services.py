"""Every write to accounts and profiles."""

from django.db import transaction
from django.db.models import Model

from stemnet import privacy

from .models import Profile, User


def profile_get_or_create(*, user: User) -> Profile:
    """The person's profile, created empty on first use. Safe to run twice."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    language: str,
    school: Model | None,
    school_name: str,
    role: str,
    stem_domain: str,
    levels: list[str],
) -> Profile:
    """Store a person's name, language and profile. Values are validated by the form.

    ``school``: a school of the register (``networks.schools.School``), or None with
    ``school_name`` the free text for another school or one abroad. A school number kept as
    text from before the register is dropped once a school is chosen (until then
    ``networks.schools.services.profiles_link_schools`` may still link it).
    """
    user.first_name, user.last_name, user.language = first_name, last_name, language
    user.save(update_fields=["first_name", "last_name", "language"])
    profile = profile_get_or_create(user=user)
    profile.school_id = school.pk if school is not None else None
    profile.school_name = "" if school is not None else school_name
    if school is not None:
        profile.school_number = ""
    profile.role = role
    profile.stem_domain = stem_domain
    profile.levels = sorted(set(levels))
    profile.save()
    return profile


def account_delete(*, user: User) -> None:
    """Erase a person: every app's personal data is erased or anonymised in one transaction.

    The account row stays (inactive, anonymous) so that enrolments and attendance still count
    in the reports of past years. Safe to run twice.
    """
    privacy.erase_person(user)
