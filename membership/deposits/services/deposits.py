"""*Dépôt des conventions*: a buyer deposits the signed convention of an intermédiaire offer;
the centre's staff validate it (which creates the establishment's *marché en cours*) or reject it
with a reason. Each step e-mails the people concerned through the outbox, once (keyed e-mails).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buyer_space.accounts.services.validation import absolute_url, active_admins
from catalogue.choices import AccessMode, OfferStatus
from catalogue.models import OfferPage
from espace_site.outbox.services import enqueue_email
from membership.contracts.choices import ContractOrigin
from membership.contracts.models import Contract
from membership.deposits.choices import DepositStatus
from membership.deposits.models import ConventionDeposit
from membership.deposits.rules import deposit_establishment_ids, deposit_family_ids
from membership.establishments.models import Establishment


class DepositError(Exception):
    """The deposit cannot be processed this way (already decided otherwise); French message."""


def open_intermediary_offers():
    """Live intermédiaire offers that have not expired, in title order."""
    today = timezone.localdate()
    return (
        OfferPage.objects.live()
        .public()
        .filter(access_mode=AccessMode.INTERMEDIARY)
        .exclude(end_date__lt=today)
        .order_by("title", "pk")
    )


def depositable_offers(user):
    """The offers ``user`` may deposit a convention for (one query)."""
    families = deposit_family_ids(user)
    offers = open_intermediary_offers()
    if families is None:
        return offers
    return offers.filter(family_id__in=families)


def depositable_offer(user, offer_id):
    """The open intermédiaire offer ``offer_id``, or ``None`` (whatever the user's rights)."""
    try:
        offer_id = int(offer_id)
    except (TypeError, ValueError):
        return None
    if not 0 < offer_id < 2**63:
        return None
    offer = open_intermediary_offers().select_related("family").filter(pk=offer_id).first()
    if offer is not None and offer.get_status() == OfferStatus.EXPIRED:
        return None
    return offer


def deposits_of(user, *, establishment_ids=None):
    """The deposits ``user`` made, newest first, with their offer and establishment; with
    ``establishment_ids``, only those made for these establishments (the ones an API token
    reaches)."""
    deposits = ConventionDeposit.objects.filter(depositor=user)
    if establishment_ids is not None:
        deposits = deposits.filter(establishment_id__in=establishment_ids)
    return deposits.select_related("offer", "establishment").order_by("-created_at", "-pk")


def deposit_establishments(user, offer):
    """The establishments ``user`` may deposit ``offer``'s convention for, by name."""
    ids = deposit_establishment_ids(user, offer.family_id)
    return Establishment.objects.filter(pk__in=ids).order_by("name", "pk")


def _people(deposit):
    """The depositor's account address and the contact address of the form, without duplicates."""
    addresses = []
    if deposit.depositor is not None and deposit.depositor.email:
        addresses.append(deposit.depositor.email)
    if deposit.email and deposit.email.lower() not in {a.lower() for a in addresses}:
        addresses.append(deposit.email)
    return addresses


def _context(deposit):
    offer = deposit.offer
    return {
        "company_name": deposit.company_name,
        "establishment": str(deposit.establishment),
        "offer_title": offer.title,
        "offer_reference": offer.reference,
        "contract_number": deposit.contract_number,
        "order_reference": deposit.order_reference,
        "deposited_on": timezone.localtime(deposit.created_at).strftime("%d/%m/%Y"),
        "depositor": (deposit.depositor.get_full_name() or deposit.depositor.email)
        if deposit.depositor
        else deposit.email,
        "space_url": absolute_url(reverse("membership:deposits")),
    }


def create_deposit(*, user, offer, establishment, data, archive):
    """Save the deposit (status *reçu*) and e-mail its confirmation to the depositor.

    ``data`` holds the form's text fields; ``archive`` was checked by the form.
    """
    with transaction.atomic():
        deposit = ConventionDeposit(
            establishment=establishment,
            offer=offer,
            depositor=user,
            company_name=data["company_name"],
            contract_number=data["contract_number"],
            email=data["email"],
            phone=data["phone"],
            order_reference=data["order_reference"],
            chorus_service_code=data["chorus_service_code"],
            message=data.get("message", ""),
            archive_name=archive.name[-255:],
        )
        deposit.archive.save(archive.name, archive, save=False)
        deposit.save()
        enqueue_email(
            _people(deposit),
            "deposits/emails/deposit_received",
            _context(deposit),
            key=f"deposit-received:{deposit.pk}",
        )
    return deposit


def _locked(deposit_id):
    return (
        ConventionDeposit.objects.select_for_update(of=("self",))
        .select_related("offer", "establishment", "depositor")
        .get(pk=deposit_id)
    )


def validate(deposit_id, *, staff):
    """Validate the deposit: create the establishment's contract, link it, e-mail the depositor
    and the establishment's admins. Validating twice changes nothing (one contract).

    Returns ``(deposit, changed)``.
    """
    with transaction.atomic():
        deposit = _locked(deposit_id)
        if deposit.status == DepositStatus.VALIDATED:
            return deposit, False
        if deposit.status == DepositStatus.REJECTED:
            raise DepositError(_("Ce dépôt a déjà été rejeté : il ne peut plus être validé."))
        offer = deposit.offer
        contract = Contract.objects.create(
            establishment=deposit.establishment,
            offer=offer,
            family_id=offer.family_id,
            number=deposit.contract_number,
            title=offer.title,
            origin=ContractOrigin.CONVENTION,
            start_date=offer.start_date,
            end_date=offer.end_date,
        )
        deposit.mark_reviewed(DepositStatus.VALIDATED, by=staff)
        deposit.contract = contract
        deposit.save(update_fields=[*ConventionDeposit.REVIEW_FIELDS, "contract"])
        context = {
            **_context(deposit),
            "contract_url": absolute_url(reverse("membership:contract_detail", args=[contract.pk])),
        }
        enqueue_email(
            _people(deposit),
            "deposits/emails/deposit_validated",
            context,
            key=f"deposit-validated:{deposit.pk}:depositor",
        )
        admins = [
            admin.email
            for admin in active_admins(deposit.establishment_id)
            if admin.email and admin.pk != deposit.depositor_id
        ]
        if admins:
            enqueue_email(
                admins,
                "deposits/emails/deposit_validated_admins",
                context,
                key=f"deposit-validated:{deposit.pk}:admins",
            )
    return deposit, True


def reject(deposit_id, *, staff, reason):
    """Reject the deposit with ``reason`` (required) and e-mail the depositor.

    Returns ``(deposit, changed)``; rejecting a rejected deposit again changes nothing.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DepositError(_("Indiquez le motif du rejet."))
    with transaction.atomic():
        deposit = _locked(deposit_id)
        if deposit.status == DepositStatus.REJECTED:
            return deposit, False
        if deposit.status == DepositStatus.VALIDATED:
            raise DepositError(
                _("Ce dépôt a déjà été validé et son marché créé : il ne peut plus être rejeté.")
            )
        deposit.mark_reviewed(DepositStatus.REJECTED, by=staff, reason=reason)
        deposit.save(update_fields=ConventionDeposit.REVIEW_FIELDS)
        enqueue_email(
            _people(deposit),
            "deposits/emails/deposit_rejected",
            {**_context(deposit), "reason": reason},
            key=f"deposit-rejected:{deposit.pk}",
        )
    return deposit, True
