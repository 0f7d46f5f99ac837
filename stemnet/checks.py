"""System checks: every project URL must declare who may open it (see ``stemnet.access``)."""

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
