"""python manage.py yearly_report (--network CODE | --centre CODE | --province CODE)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from monitor.reports.models import ReportJob

from ._report_args import ReportCommand


class Command(ReportCommand):
    help = "Write the yearly report of a network, centre or province as PDF, XLSX or JSON."
    kind = ReportJob.Kind.YEARLY
    scope_options = {
        "network": ("network", "Network code, e.g. VL."),
        "centre": ("centre", "Centre code, e.g. VOV."),
        "province": ("province", "Province code, e.g. VOV (East Flanders)."),
    }
