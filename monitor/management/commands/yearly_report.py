"""python manage.py yearly_report (--network CODE | --centre CODE | --province CODE)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from monitor.reports import render
from monitor.reports.figures import yearly_report
from monitor.reports.scope import validate_scopes

from ._report_args import ReportCommand


class Command(ReportCommand):
    help = "Write the yearly report of a network, centre or province as PDF, XLSX or JSON."
    scope_options = {
        "network": "Network code, e.g. VL.",
        "centre": "Centre code, e.g. VOV.",
        "province": "Province code, e.g. VOV (East Flanders).",
    }

    def build(self, option, value, period, fmt):
        scope = validate_scopes(option, [value])[0]
        report = yearly_report(scope=scope, period=period, details=fmt != "json")
        if fmt == "json":
            return render.to_json(report.figures)
        return render.yearly_xlsx(report) if fmt == "xlsx" else render.yearly_pdf(report)
