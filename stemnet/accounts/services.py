"""Every write to accounts and profiles."""

from django.db import transaction

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
    school_name: str,
    school_number: str,
    role: str,
    stem_domain: str,
    levels: list[str],
) -> Profile:
    """Store a person's name, language and profile. Values are validated by the form."""
    user.first_name, user.last_name, user.language = first_name, last_name, language
    user.save(update_fields=["first_name", "last_name", "language"])
    profile = profile_get_or_create(user=user)
    profile.school_name = school_name
    profile.school_number = school_number
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
