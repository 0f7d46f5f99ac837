"""The workspace's messages to a training's participants: write one, see those sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from stemnet.access import can_change_centre
from trainings.models import TrainingMessage
from trainings.services.messages import audience_enrolments, training_message_send

from ..forms import TrainingMessageForm
from ..permissions import get_training_for_user, require_change


@require_http_methods(["GET", "POST"])
def training_messages(request, pk):
    """Ministry staff read what was sent; the centre's coordinators also write."""
    training = get_training_for_user(request.user, pk)
    can_change = can_change_centre(request.user, training.centre_id)
    form = TrainingMessageForm(request.POST or None, initial={"audience": "all"})
    if request.method == "POST":
        require_change(request.user, training.centre_id)
        if form.is_valid():
            try:
                message = training_message_send(
                    training=training, sender=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                count = message.deliveries.count()
                messages.success(
                    request,
                    ngettext(
                        "Your message is being sent to %(count)d person.",
                        "Your message is being sent to %(count)d people.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("workspace:training_messages", pk=training.pk)
    counts = {
        value: audience_enrolments(training, value).count()
        for value in TrainingMessage.Audience.values
    }
    return render(
        request,
        "workspace/messages.html",
        {
            "training": training,
            "form": form,
            "can_change": can_change,
            "counts": counts,
            "sent": training.messages.select_related("sender").order_by("-created_at")[:50],
        },
    )
