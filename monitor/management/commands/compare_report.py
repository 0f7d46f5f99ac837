"""python manage.py compare_report (--centres A,B,… | --provinces … | --networks …)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from django.core.management.base import BaseCommand

from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.scope import validate_scopes

from ._report_args import add_period_and_output, period_from, write

KINDS = {"centres": "centre", "provinces": "province", "networks": "network"}


class Command(BaseCommand):
    help = "Write a comparison of 2 to 12 centres, provinces or networks as PDF, XLSX or JSON."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--centres", help="Centre codes separated by commas: VOV,VWV.")
        scope.add_argument("--provinces", help="Province codes separated by commas.")
        scope.add_argument("--networks", help="Network codes separated by commas: VL,FI.")
        add_period_and_output(parser)

    def handle(self, *args, **options):
        period = period_from(options)
        option = next(k for k in KINDS if options[k])

        def build():
            scopes = validate_scopes(KINDS[option], options[option].split(","))
            figures = comparison_report(scopes=scopes, period=period)
            fmt = options["format"]
            if fmt == "json":
                return render.to_json(figures)
            return render.comparison_xlsx(figures) if fmt == "xlsx" \
                else render.comparison_pdf(figures)

        path = write(options, build)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
