"""Views of the trainings app: ``public.py`` (catalogue, training page, certificate check),
``mine.py`` (a teacher's own trainings), ``workspace.py`` and ``evaluations.py`` (coordinators)."""
