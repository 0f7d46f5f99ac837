"""python manage.py compare_report (--centres A,B,… | --provinces … | --networks …)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.scope import validate_scopes

from ._report_args import ReportCommand

KINDS = {"centres": "centre", "provinces": "province", "networks": "network"}


class Command(ReportCommand):
    help = "Write a comparison of 2 to 12 centres, provinces or networks as PDF, XLSX or JSON."
    scope_options = {
        "centres": "Centre codes separated by commas: VOV,VWV.",
        "provinces": "Province codes separated by commas.",
        "networks": "Network codes separated by commas: VL,FI.",
    }

    def build(self, option, value, period, fmt):
        scopes = validate_scopes(KINDS[option], value.split(","))
        figures = comparison_report(scopes=scopes, period=period)
        if fmt == "json":
            return render.to_json(figures)
        return render.comparison_xlsx(figures) if fmt == "xlsx" \
            else render.comparison_pdf(figures)
