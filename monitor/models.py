"""Models of the monitor app (see issues)."""
