"""Which account a log-in attempt is for, as django-axes needs to know it."""


def username_from_request(request, credentials) -> str | None:
    """The e-mail address tried, from allauth's form (``login``/``email``) or the admin's."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or (request.POST.get("login") if request is not None else None)
        or (request.POST.get("username") if request is not None else None)
    )
    return value.strip().lower() if value else None
