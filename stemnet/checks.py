"""System checks: every project URL must declare who may open it (see ``stemnet.access``);
outside DEBUG the site's address ``SITE_URL`` is set (see ``stemnet.site``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

# Third-party URL sets that bring their own access rules: the Django admin (staff only) and
# allauth (log-in, sign-up, password reset: public by nature, rate-limited).
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_URLCONFS = {"allauth.urls"}
EXEMPT_MODULE_PREFIXES = ("django.views.static",)


def iter_patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            urlconf = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            if entry.namespace in EXEMPT_NAMESPACES or urlconf in EXEMPT_URLCONFS:
                continue
            yield from iter_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


@register()
def every_url_is_guarded(app_configs, **kwargs):
    errors = []
    for route, pattern in iter_patterns(get_resolver().url_patterns):
        callback = pattern.callback
        module = getattr(callback, "__module__", "") or ""
        if module.startswith(EXEMPT_MODULE_PREFIXES):
            continue
        if not hasattr(callback, "access_policy"):
            errors.append(
                Error(
                    f"URL '{route}' ({pattern.name}) has no access guard.",
                    hint="Wrap the view in stemnet.access.public, signed_in or requires(...).",
                    id="stemnet.E001",
                )
            )
    return errors


@register(deploy=True)
@register()
def site_url_is_set(app_configs, **kwargs):
    """Every e-mail link is built on SITE_URL: without it, or without a scheme and host, no
    mail client can open them."""
    value = getattr(settings, "SITE_URL", "") or ""
    bits = urlsplit(value)
    if bits.scheme in ("http", "https") and bits.netloc and not bits.path.strip("/"):
        return []
    if settings.DEBUG and not value:
        return []
    return [
        Error(
            f"SITE_URL is {value!r}: e-mails, calendar feeds and certificates need the site's "
            "own address.",
            hint="Set SITE_URL to the address people open, e.g. https://stemnet.vlaanderen "
            "(scheme and host, no path).",
            id="stemnet.E002",
        )
    ]
