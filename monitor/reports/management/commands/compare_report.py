"""python manage.py compare_report (--centres A,B,… | --provinces … | --networks …)
(--year YYYY | --from DATE --to DATE) --format pdf|xlsx|json --output FILE"""

from monitor.reports.models import ReportJob

from ._report_args import ReportCommand


class Command(ReportCommand):
    help = "Write a comparison of 2 to 12 centres, provinces or networks as PDF, XLSX or JSON."
    kind = ReportJob.Kind.COMPARISON
    many = True
    scope_options = {
        "centres": ("centre", "Centre codes separated by commas: VOV,VWV."),
        "provinces": ("province", "Province codes separated by commas."),
        "networks": ("network", "Network codes separated by commas: VL,FI."),
    }
