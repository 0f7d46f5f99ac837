"""What ``yearly_report`` and ``compare_report`` share: the scope options (one of them
required), the period, the format and the output file, and writing the report."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from monitor.reports.scope import Period, validate_scopes
from monitor.reports.services import report_content


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year of four digits, e.g. 2017.")
    return int(text)


def add_period_and_output(parser) -> None:
    period = parser.add_mutually_exclusive_group(required=True)
    period.add_argument("--year", type=_year, help="A calendar year, e.g. 2017.")
    period.add_argument(
        "--from",
        dest="date_from",
        type=dt.date.fromisoformat,
        help="First day (YYYY-MM-DD); needs --to.",
    )
    parser.add_argument(
        "--to", dest="date_to", type=dt.date.fromisoformat, help="Last day (YYYY-MM-DD), included."
    )
    parser.add_argument("--format", required=True, choices=["pdf", "xlsx", "json"])
    parser.add_argument("--output", required=True, type=Path, help="The file to write.")


def period_from(options) -> Period:
    if options["year"]:
        if options["date_to"]:
            raise CommandError("Give --year or --from/--to, not both.")
        return Period.year(options["year"])
    if not options["date_to"]:
        raise CommandError("--from needs --to.")
    try:
        return Period.between(options["date_from"], options["date_to"])
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None


def write(options, build) -> Path:
    """Run ``build()`` in the portal's language (Dutch) and write its bytes to ``--output``."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            content = build()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
    path: Path = options["output"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


class ReportCommand(BaseCommand):
    """A report command: exactly one of ``scope_options``, a period, ``--format`` and
    ``--output``; writes the report of kind ``kind`` (``ReportJob.Kind``) as the portal's
    report jobs build it."""

    kind: str
    # option name -> (scope kind, help); with ``many`` the option takes codes split by commas
    scope_options: dict[str, tuple[str, str]] = {}
    many = False

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        for option, (_scope_kind, help_text) in self.scope_options.items():
            scope.add_argument(f"--{option}", help=help_text)
        add_period_and_output(parser)

    def handle(self, *args, **options):
        period = period_from(options)
        option = next(k for k in self.scope_options if options[k])
        codes = options[option].split(",") if self.many else [options[option]]

        def build():
            scopes = validate_scopes(self.scope_options[option][0], codes)
            return report_content(
                kind=self.kind, scopes=scopes, period=period, fmt=options["format"]
            )

        path = write(options, build)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
