import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stemnet import privacy

from . import services
from .forms import AccountDeleteForm, ProfileForm


def profile(request):
    user = request.user
    current = services.profile_get_or_create(user=user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "school": current.school,
        "school_name": current.school_name,
        "role": current.role,
        "stem_domain": current.stem_domain,
        "levels": current.levels,
    }
    form = ProfileForm(request.POST or None, initial=initial, typed_number=current.school_number)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": current})


def profile_export(request):
    """All personal data the portal holds about the signed-in person, as a JSON download."""
    data = {
        "exported_at": timezone.now(),
        "data": privacy.export_person(request.user),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="stemnet-mijn-gegevens.json"'
    return response


def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
