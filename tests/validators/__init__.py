"""
The W3C Nu HTML checker (test_vnu.py) and axe-core in Chromium (test_axe.py) over every HTML
page of the permission matrix, as every role that may open it sees it. The pinned validators
are fetched once by ``.ci/validators.sh``; what they may report is in ``allowlist.py``.
"""
