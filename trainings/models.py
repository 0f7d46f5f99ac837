"""Models of the trainings app (see issues)."""
