"""python manage.py yearly_report (--network CODE | --centre CODE | --province CODE)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from django.core.management.base import BaseCommand

from monitor.reports import render
from monitor.reports.figures import yearly_report
from monitor.reports.scope import validate_scopes

from ._report_args import add_period_and_output, period_from, write


class Command(BaseCommand):
    help = "Write the yearly report of a network, centre or province as PDF, XLSX or JSON."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--network", help="Network code, e.g. VL.")
        scope.add_argument("--centre", help="Centre code, e.g. VOV.")
        scope.add_argument("--province", help="Province code, e.g. VOV (East Flanders).")
        add_period_and_output(parser)

    def handle(self, *args, **options):
        period = period_from(options)
        kind = next(k for k in ("network", "centre", "province") if options[k])

        def build():
            scope = validate_scopes(kind, [options[kind]])[0]
            fmt = options["format"]
            report = yearly_report(scope=scope, period=period, details=fmt != "json")
            if fmt == "json":
                return render.to_json(report.figures)
            return render.yearly_xlsx(report) if fmt == "xlsx" else render.yearly_pdf(report)

        path = write(options, build)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
