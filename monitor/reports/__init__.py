"""
Ministry reports: one report service, several outputs (app label ``reports``).

- ``scope.py``    what a report is about (network, centre or province) and its period;
- ``figures.py``  the report service: every figure of a yearly report, computed once;
- ``comparison.py`` two to twelve scopes side by side (the networks' profiles plus figures);
- ``render.py``   the same figures as JSON, XLSX and PDF (WeasyPrint);
- ``models.py``   ``ReportJob``: one requested file; ``services.py`` request, join, build, fail,
  retry; ``tasks.py`` the Celery tasks that build them;
- ``selectors.py``, ``permissions.py``, ``forms.py``, ``views.py``, ``urls.py`` the pages and
  the ministry dashboard.
"""
