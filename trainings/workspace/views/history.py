"""The history of a training: who changed what and when (``trainings.history``)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..history import training_history
from ..permissions import get_training_for_user


@require_GET
def history(request, pk):
    """Coordinators of the training's centre and ministry staff (who read its participants
    too) see its history, newest first, a page at a time."""
    training = get_training_for_user(request.user, pk)
    page, rows = training_history(training, page=request.GET.get("page"))
    return render(
        request,
        "workspace/history.html",
        {"training": training, "page": page, "paginator": page.paginator, "rows": rows},
    )
