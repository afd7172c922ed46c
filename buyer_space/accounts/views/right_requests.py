"""*Demander ce droit*: a buyer asks his administrators for the family right a document needs."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buyer_space.accounts.forms.right_requests import FamilyRightRequestForm
from buyer_space.accounts.services import right_requests


def _safe_next(request, offer):
    target = offer.url if offer else ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "buyer_space:space"


@login_required
@require_http_methods(["GET", "POST"])
def request_family_right(request):
    if not rules.has_perm("accounts.request_family_right", request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    form = FamilyRightRequestForm(data)
    if request.method == "POST" and form.is_valid():
        family, offer = form.cleaned_data["famille"], form.cleaned_data["offre"]
        asked = right_requests.request_family_right(
            request.user, family, offer, form.cleaned_data["message"]
        )
        if asked:
            messages.success(
                request,
                _(
                    "Votre demande du droit sur la famille %(family)s a été envoyée à vos "
                    "administrateurs : ils vous accorderont le droit depuis leur espace."
                )
                % {"family": family.name},
            )
        else:
            messages.error(
                request,
                _(
                    "Votre établissement n'a pas d'administrateur actif pour vous accorder ce "
                    "droit : posez votre question à la centrale depuis la page Contactez-nous."
                ),
            )
        return redirect(_safe_next(request, offer))
    form.is_valid()  # the hidden fields read back; the message's error shown on the page
    family = form.cleaned_data.get("famille")
    return render(
        request,
        "accounts/request_family_right.html",
        {
            "form": form,
            "family": family,
            "offer": form.cleaned_data.get("offre"),
            "admins": right_requests.admin_names(request.user),
        },
        status=200 if family else 400,
    )
