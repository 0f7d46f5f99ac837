"""Accounts: sign-up with mandatory e-mail verification, log-in by e-mail, profile, privacy."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from stemnet.accounts.models import Profile, User
from tests.factories import PASSWORD, MembershipFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="nieuw@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "first_name": "An",
            "last_name": "Claes",
        },
    )


def test_signup_sends_verification_and_refuses_login_until_confirmed(client, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert (user.first_name, user.last_name) == ("An", "Claes")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    # The link is on the site's own address, whatever host the sign-up came in on; the mail
    # names the portal, not a host.
    link = re.search(r"https://stemnet\.example\.be(/account/confirm-email/[^\s]+)", body).group(1)
    assert "testserver" not in body and "STEMNET Vlaanderen" in body

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "nieuw@example.org", "password": "een-lang-wachtwoord-42"},
    )
    # Not verified yet: allauth sends another mail and shows the "verify" page, no session.
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "nieuw@example.org", "password": "een-lang-wachtwoord-42"},
    )
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_in_english_keeps_language_for_emails(client):
    client.cookies.load({"django_language": "en"})
    _signup(client, email="english@example.org")
    assert User.objects.get(email="english@example.org").language == "en"


def test_login_by_email_and_logout(client):
    user = UserFactory(email="lotte@example.org")
    response = client.post(
        reverse("account_login"), {"login": "Lotte@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_a_message_not_a_session(client):
    UserFactory(email="lotte@example.org")
    response = client.post(
        reverse("account_login"), {"login": "lotte@example.org", "password": "fout"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_password_reset_sends_a_link(client):
    UserFactory(email="lotte@example.org")
    client.post(reverse("account_reset_password"), {"email": "lotte@example.org"})
    assert len(mail.outbox) == 1
    assert "/account/password/reset/key/" in mail.outbox[0].body


def test_profile_saves_and_validates(client_for):
    from tests.schools.factories import SchoolFactory

    school = SchoolFactory(number="030387", name="Sint-Barbaracollege", municipality="Gent")
    profile = ProfileFactory(levels=[])
    client = client_for(profile.user)
    data = {
        "first_name": "Lotte",
        "last_name": "Peeters",
        "language": "en",
        "school": "30387",
        "role": "teacher",
        "stem_domain": "T",
        "levels": ["graad1_a", "doorstroom"],  # the modernised codes (old ones: test_levels)
    }
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.levels == ["doorstroom", "graad1_a"]
    assert profile.school == school
    assert profile.user.language == "en"

    bad = {**data, "school": "abc", "levels": ["nope"], "role": "king"}
    response = client.post(reverse("accounts:profile"), bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"school", "levels", "role"}
    profile.refresh_from_db()
    assert profile.school == school  # nothing changed


def test_export_holds_everything_registered(client_for):
    membership = MembershipFactory(user__email="co@example.org")
    ProfileFactory(user=membership.user, school_name="GO! Atheneum")
    response = client_for(membership.user).get(reverse("accounts:profile_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)["data"]
    assert data["account"]["email"] == "co@example.org"
    assert data["account"]["profile"]["school_name"] == "GO! Atheneum"
    assert data["memberships"] == [{"role": "coordinator", "centre": membership.centre.code}]


def test_delete_account_needs_password_and_anonymises(client_for):
    membership = MembershipFactory(user__email="weg@example.org")
    user = membership.user
    ProfileFactory(
        user=user, school_name="GO! Atheneum", role="teacher", stem_domain="M", levels=["aso"]
    )
    client = client_for(user)
    response = client.post(reverse("accounts:account_delete"), {"password": "fout"})
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).is_active

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert user.email == f"deleted-{user.pk}@anonymous.invalid"
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.memberships.exists()
    profile = Profile.objects.get(user=user)
    # What reports count stays; what identifies the person goes.
    assert (profile.role, profile.stem_domain, profile.levels) == ("teacher", "M", ["aso"])
    assert profile.school_name == ""
    assert "_auth_user_id" not in client.session
