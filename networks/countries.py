"""Country names for the ISO 3166 codes stored on networks and organisations.

Pages show the name ("Duitsland"), never the bare code; an unknown code is shown as is.
"""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "CH": _("Switzerland"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DE": _("Germany"),
    "DK": _("Denmark"),
    "EE": _("Estonia"),
    "ES": _("Spain"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "GR": _("Greece"),
    "HR": _("Croatia"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IS": _("Iceland"),
    "IT": _("Italy"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "LV": _("Latvia"),
    "MT": _("Malta"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SE": _("Sweden"),
    "SI": _("Slovenia"),
    "SK": _("Slovakia"),
    "UK": _("United Kingdom"),
}


def country_name(code: str) -> str:
    """The country's name in the active language, or the code when it is not listed."""
    return str(NAMES.get((code or "").upper(), code))
