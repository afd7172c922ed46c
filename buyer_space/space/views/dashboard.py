"""*Mon espace → Mon tableau de bord* and *Modifier mes informations personnelles*."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buyer_space.accounts.choices import AffiliationStatus
from buyer_space.space import services as dashboard
from buyer_space.space.forms.profile import ProfileForm
from buyer_space.space.hooks import collect_dashboard_blocks
from membership.establishments.services.entity_requests import requests_awaiting_or_refused


@login_required
def dashboard_view(request):
    """The welcome, the counters, the personal information and the establishment chosen.

    The counters are the blocks the apps register (``register_space_dashboard_blocks``).

    An account with no active affiliation (pending or refused) sees the state of its requests
    and nothing of any establishment.
    """
    user = request.user
    affiliations = dashboard.account_affiliations(user)
    active_account = rules.has_perm("accounts.active_account", user)
    context = {
        "active_account": active_account,
        "affiliations": affiliations,
        "profile": getattr(user, "buyer_profile", None),
        "can_edit_profile": rules.has_perm("space.edit_profile", user),
    }
    if not active_account:
        context["pending"] = [a for a in affiliations if a.status == AffiliationStatus.PENDING]
        context["refused"] = [a for a in affiliations if a.status == AffiliationStatus.REFUSED]
        context["entity_requests"] = list(requests_awaiting_or_refused(user))
        return render(request, "space/dashboard/dashboard.html", context)

    chosen_id, invalid = dashboard.current_establishment_id(request)
    if invalid:
        messages.warning(
            request,
            _(
                "L'établissement demandé ne fait pas partie de vos établissements : "
                "le tableau de bord affiche l'un des vôtres."
            ),
        )
    active = [a for a in affiliations if a.status == AffiliationStatus.ACTIVE]
    current = next((a for a in active if a.establishment_id == chosen_id), active[0])
    pending_counts = dashboard.pending_request_counts(
        [a.establishment_id for a in active if a.is_admin]
    )
    is_current_admin = rules.has_perm(
        "accounts.manage_establishment", user, current.establishment_id
    )
    context.update(
        {
            "counters": collect_dashboard_blocks(request),
            "active_affiliations": active,
            "current": current,
            "establishment": current.establishment,
            "is_current_admin": is_current_admin,
            "establishment_admins": dashboard.establishment_admins(current.establishment_id),
            "establishment_rows": [(a, pending_counts.get(a.establishment_id, 0)) for a in active],
            "pending": [a for a in affiliations if a.status == AffiliationStatus.PENDING],
            "newsletters": dashboard.subscribed_newsletters(user),
            "rights": dashboard.rights_by_establishment(affiliations),
            "establishment_param": dashboard.ESTABLISHMENT_PARAM,
        }
    )
    return render(request, "space/dashboard/dashboard.html", context)


@login_required
def my_establishment(request):
    """*Mon établissement* in the side menu: the information page of the establishment chosen
    on the dashboard (or the account's first)."""
    chosen_id, _invalid = dashboard.current_establishment_id(request)
    if chosen_id is None:
        chosen_id = dashboard.first_establishment_id(request.user)
    if chosen_id is None:
        raise Http404
    return redirect("buyer_space:establishment_detail", chosen_id)


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    """*Modifier mes informations personnelles*: a failed POST shows everything typed again."""
    if not rules.has_perm("space.edit_profile", request.user):
        raise Http404
    form = ProfileForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos informations personnelles sont enregistrées."))
        return redirect("buyer_space:space")
    return render(
        request,
        "space/dashboard/profile_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
