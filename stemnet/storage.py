"""Static files in production: hashed, compressed names (WhiteNoise), and never a 500 for a
file the manifest lacks."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage that gives the plain name of a file missing from the
    manifest (``collectstatic`` not run yet, or a file added since) instead of raising.

    Django's strict manifest raises ``ValueError`` in ``{% static %}``, so every page, the 404
    and 403 pages too, would be a 500; the page without its hashed stylesheet is the lesser
    harm. The miss is logged so that a forgotten ``collectstatic`` shows.
    """

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # no manifest entry and no collected file to hash
            logger.warning("Static file %r is not in the manifest: run collectstatic", name)
            return name
