"""
Ministry reports (issue 7): one report service, several outputs.

- ``scope.py``    what a report is about (network, centre or province) and its period;
- ``figures.py``  the report service: every figure of a yearly report, computed once;
- ``comparison.py`` two to twelve scopes side by side (section 2.8 of seed 004 plus figures);
- ``render.py``   the same figures as JSON, XLSX and PDF (WeasyPrint);
- ``services.py`` report jobs: request, join, build, fail, retry;
- ``selectors.py``, ``permissions.py``, ``forms.py``, ``views.py`` the pages and the dashboard.
"""
