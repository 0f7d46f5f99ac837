"""Every named URL of the trainings app and what each role gets (see tests/matrix.py).

The public and teacher pages' rows are in ``matrix_public.py``; the workspace adds its own.
"""

from .matrix_public import ROWS as PUBLIC_ROWS
from .matrix_workspace import ROWS as WORKSPACE_ROWS

ROWS = [*PUBLIC_ROWS, *WORKSPACE_ROWS]
