"""*Dépôt des conventions*: the buyer's deposit form (from an offer page or from *Mon espace*).

Who may deposit is the predicate ``deposits.deposit_convention`` (:mod:`membership.deposits.rules`):
admins, or accounts holding the offer's family's *droits d'adhésion identiques aux
administrateurs*, on a live intermédiaire offer that has not expired.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from espace_site.uploads import limit_upload_size, oversized_uploads
from membership.deposits.forms import ConventionDepositForm, DepositOfferChoiceForm
from membership.deposits.services import deposits as service
from membership.deposits.services.zipcheck import MAX_ARCHIVE_SIZE

DEPOSIT = "deposits.deposit_convention"
USE_DEPOSITS = "deposits.use_deposits"
MY_DEPOSITS_SHOWN = 20


def _denied(request, offer=None):
    return render(request, "deposits/denied.html", {"offer": offer}, status=403)


def _my_deposits(user):
    return list(service.deposits_of(user)[:MY_DEPOSITS_SHOWN])


@require_safe
@login_required
def deposit_home(request):
    """Choose the offer (live intermédiaire offers the account may deposit for); my deposits."""
    if not rules.has_perm(USE_DEPOSITS, request.user):
        return _denied(request)
    # (pk, title, reference): an admin chooses among every open intermédiaire offer (hundreds),
    # no page object is needed to name them.
    offers = list(service.depositable_offers(request.user).values_list("pk", "title", "reference"))
    form = DepositOfferChoiceForm(request.GET if "offre" in request.GET else None, offers=offers)
    if form.is_bound and form.is_valid():
        return redirect("membership:deposit_form", offer_id=form.cleaned_data["offre"])
    return render(
        request,
        "deposits/home.html",
        {"form": form, "offers": offers, "deposits": _my_deposits(request.user)},
    )


def _csac_rows(request, offer):
    """The offer's convention documents (CSAC) the account may download."""
    rows = []
    for link in offer.documents.select_related("document"):
        document = link.document
        if "csac" in document.title.lower() and request.user.has_perm(
            "catalogue.download_document", document
        ):
            rows.append(document)
    return rows


@limit_upload_size(MAX_ARCHIVE_SIZE)
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def deposit_form(request, offer_id):
    """The guide's form. A refused zip leaves the other fields filled in; one over 50 Mo is
    refused while it arrives, never written (``espace_site.uploads``)."""
    offer = service.depositable_offer(request.user, offer_id)
    if offer is None:
        raise Http404
    if not rules.has_perm(DEPOSIT, request.user, offer):
        return _denied(request, offer)
    establishments = service.deposit_establishments(request.user, offer)
    choices = list(establishments)
    single = choices[0] if len(choices) == 1 else None
    if request.method == "POST":
        form = ConventionDepositForm(
            request.POST,
            request.FILES,
            establishments=establishments,
            oversized=bool(oversized_uploads(request).get("archive")),
        )
        if form.is_valid():
            data = form.cleaned_data
            service.create_deposit(
                user=request.user,
                offer=offer,
                establishment=data["establishment"],
                data=data,
                archive=data["archive"],
            )
            messages.success(
                request,
                _(
                    "Votre convention pour l'offre « %(offer)s » a bien été déposée. Un e-mail "
                    "de confirmation vous est envoyé ; la centrale vous informera de sa "
                    "validation."
                )
                % {"offer": offer.title},
            )
            return redirect(reverse("membership:deposits"))
    else:
        profile = getattr(request.user, "buyer_profile", None)
        form = ConventionDepositForm(
            establishments=establishments,
            initial={
                "establishment": single,
                "company_name": single.name if single else "",
                "contract_number": offer.reference,
                "email": request.user.email,
                "phone": profile.phone.replace(" ", "") if profile else "",
            },
        )
    archive_refused = form.is_bound and "archive" in form.errors
    return render(
        request,
        "deposits/form.html",
        {
            "offer": offer,
            "form": form,
            "single_establishment": single,
            "archive_refused": archive_refused,
            "csac_documents": _csac_rows(request, offer),
        },
        # A zip refused for its size: 413, the form filled in again with the French message.
        status=413 if form.is_bound and form.oversized else 200,
    )
