"""Personal data held by the accounts app (see ``stemnet.privacy``)."""

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.utils import timezone

from stemnet import privacy

from .models import Profile


def export_account(user) -> dict:
    profile = Profile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "profile": {
            "school": (
                {"number": profile.school.number, "name": str(profile.school)}
                if profile.school_id
                else None
            ),
            "school_name": profile.school_name,
            "school_number": profile.school_number,
            "role": profile.role,
            "stem_domain": profile.stem_domain,
            "levels": profile.levels,
        }
        if profile
        else None,
    }


def erase_account(user) -> None:
    """Anonymise the account; keep role, domain, levels and the school of the register (not
    personal data: one of many people of a school) for the counts of reports. The free text
    about another school and a number typed as text are erased."""
    Profile.objects.filter(user=user).update(school_name="", school_number="")
    EmailAddress.objects.filter(user=user).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.email = f"deleted-{user.pk}@anonymous.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = user.anonymised_at or timezone.now()
    user.save()


# Registered first, so it is erased last (the registry erases in reverse order).
privacy.register(
    "account",
    description="Name, e-mail addresses, language and profile (school, role, domain, levels).",
    export=export_account,
    erase=erase_account,
    models=["accounts.User", "accounts.Profile"],
)


def _login_log(user):
    """The log-in log of django-axes keeps the address typed and the IP address, not a key."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [
        model.objects.filter(username__iexact=user.email)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def export_login_log(user) -> list[dict]:
    fields = ("username", "ip_address", "user_agent", "attempt_time")
    rows = []
    for queryset in _login_log(user):
        model = queryset.model
        present = [f for f in fields if any(x.name == f for x in model._meta.fields)]
        for row in queryset.values(*present):
            rows.append({"log": model._meta.model_name, **{k: str(v) for k, v in row.items()}})
    return rows


def erase_login_log(user) -> None:
    """Delete the person's rows of the log-in log (their lock-outs go with them)."""
    for queryset in _login_log(user):
        queryset.delete()


# Registered after the account, so erased before it (while the address is still known).
privacy.register(
    "login_log",
    description="Log-ins and failed log-ins: the address typed, IP address, browser, time.",
    export=export_login_log,
    erase=erase_login_log,
    models=["axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"],
)
