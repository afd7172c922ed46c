"""Accounts managed by an establishment's admin: creation, roles and family rights, deletion.

Only fields of the buyer profile, affiliations and family rights are ever written here: nothing
an admin submits reaches ``is_staff``, ``is_superuser``, groups or permissions.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, FamilyRight, Profile
from buyer_space.accounts.services.validation import absolute_url
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from espace_site.outbox import services as outbox
from espace_site.outbox.services import enqueue_email


class AccountError(Exception):
    """A change refused as a whole (nothing saved); the message is French, for the form."""


class AlreadyAttached(AccountError):
    pass


def normalise_email(email):
    return (email or "").strip().lower()


def set_password_url(user):
    """The link by which a person sets his password (the account's password-reset page)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("buyer_space:password_reset_confirm", args=[uid, token]))


def _person(user):
    return {"name": user.get_full_name() or user.email, "email": user.email}


def create_account(*, actor, establishment, data):
    """Create the person's account, active at once in ``establishment``, or attach his account.

    ``data`` is the cleaned form: civility, first_name, last_name, email, phone, service,
    job_title, function, role. Returns ``(user, created)``. An existing account (same e-mail) is
    attached with an *active* affiliation — the admin vouches for the person, as for a new
    account — and its profile is left untouched; the person is told by e-mail.
    """
    User = get_user_model()
    email = normalise_email(data["email"])
    role = Role(data["role"])
    with transaction.atomic():
        user = User.objects.filter(username__iexact=email).first()
        if user is None:
            user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if not created:
            if user.is_staff or user.is_superuser or not user.is_active:
                raise AccountError(
                    _(
                        "Ce compte ne peut pas être rattaché depuis l'espace acheteur : "
                        "contactez la centrale."
                    )
                )
            if Affiliation.objects.filter(user=user, establishment=establishment).exists():
                raise AlreadyAttached(
                    _("Cette personne a déjà un compte rattaché à cet établissement.")
                )
        else:
            user = User(
                username=email,
                email=email,
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            user.set_unusable_password()
            user.save()
            now = timezone.now()
            Profile.objects.create(
                user=user,
                civility=data["civility"],
                phone=data["phone"],
                service=data["service"],
                job_title=data["job_title"],
                function=data["function"],
                # The admin vouches for the address; the set-password link goes to it.
                email_confirmed_at=now,
                privacy_accepted_at=now,
            )
        Affiliation.objects.create(
            user=user,
            establishment=establishment,
            role=role,
            requested_role=role,
            status=AffiliationStatus.ACTIVE,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        audit.record(
            AuditAction.CREATED,
            actor=actor,
            subject=user,
            establishment=establishment,
            role=str(role),
            existing_account=not created,
        )
        context = {
            "person": _person(user),
            "establishment": str(establishment),
            "role": str(role.label),
            "admin": actor.get_full_name() or actor.email,
        }
        if created:
            context["url"] = set_password_url(user)
            enqueue_email(user.email, "accounts/emails/account_created", context)
        else:
            context["url"] = absolute_url(reverse("buyer_space:space"))
            enqueue_email(user.email, "accounts/emails/account_attached", context)
    return user, created


def active_admin_counts(establishment_ids):
    """``{establishment_id: number of active admins}`` in one query."""
    from django.db.models import Count

    rows = (
        Affiliation.objects.filter(
            establishment_id__in=establishment_ids,
            status=AffiliationStatus.ACTIVE,
            role=Role.ADMIN,
        )
        .values("establishment_id")
        .annotate(count=Count("pk"))
    )
    return {row["establishment_id"]: row["count"] for row in rows}


def _last_admin_error(establishment):
    return AccountError(
        _(
            "%(establishment)s n'aurait plus d'administrateur actif : désignez d'abord un autre "
            "administrateur."
        )
        % {"establishment": establishment.name}
    )


def _check_admins_remain(affiliations, losing_admin_ids):
    """Refuse when an establishment would lose its last active admin."""
    if not losing_admin_ids:
        return
    # Lock the admin rows of those establishments, so that two admins demoting each other at
    # the same moment cannot both succeed.
    list(
        Affiliation.objects.select_for_update()
        .filter(
            establishment_id__in=losing_admin_ids,
            status=AffiliationStatus.ACTIVE,
            role=Role.ADMIN,
        )
        .values_list("pk", flat=True)
    )
    counts = active_admin_counts(losing_admin_ids)
    for affiliation in affiliations:
        establishment_id = affiliation.establishment_id
        if establishment_id in losing_admin_ids and counts.get(establishment_id, 0) <= 1:
            raise _last_admin_error(affiliation.establishment)


def save_rights(*, actor, target, affiliations, roles, document_family_ids, adhesion_family_ids):
    """Apply the user page: the roles (``{establishment_id: role}``) of the active affiliations,
    and one family matrix to every affiliation listed (those of the establishments ``actor``
    administers). All or nothing; returns the number of audit records written."""
    changes = 0
    document_family_ids = set(document_family_ids)
    adhesion_family_ids = set(adhesion_family_ids)
    with transaction.atomic():
        losing = {
            affiliation.establishment_id
            for affiliation in affiliations
            if affiliation.is_admin
            and roles.get(affiliation.establishment_id, Role.ADMIN) != Role.ADMIN
        }
        _check_admins_remain(affiliations, losing)
        for affiliation in affiliations:
            new_role = roles.get(affiliation.establishment_id)
            if affiliation.is_active and new_role and new_role != affiliation.role:
                before = affiliation.role
                affiliation.role = new_role
                affiliation.save(update_fields=["role"])
                audit.record(
                    AuditAction.ROLE_CHANGED,
                    actor=actor,
                    subject=target,
                    establishment=affiliation.establishment,
                    before=str(before),
                    after=str(new_role),
                )
                changes += 1
        existing = {}
        for right in FamilyRight.objects.filter(affiliation__in=affiliations):
            existing.setdefault(right.affiliation_id, []).append(right)
        to_create = []
        for affiliation in affiliations:
            rights = existing.get(affiliation.pk, [])
            before = _matrix(rights)
            after = {
                "documents": sorted(document_family_ids),
                "adhesion": sorted(adhesion_family_ids),
            }
            if before == after:
                continue
            to_create.extend(
                FamilyRight(
                    affiliation=affiliation,
                    family_id=family_id,
                    can_view_market_documents=family_id in document_family_ids,
                    has_admin_membership_rights=family_id in adhesion_family_ids,
                )
                for family_id in sorted(document_family_ids | adhesion_family_ids)
            )
            FamilyRight.objects.filter(affiliation=affiliation).delete()
            audit.record(
                AuditAction.RIGHTS_CHANGED,
                actor=actor,
                subject=target,
                establishment=affiliation.establishment,
                before=before,
                after=after,
            )
            changes += 1
        FamilyRight.objects.bulk_create(to_create)
    return changes


def _matrix(rights):
    return {
        "documents": sorted(r.family_id for r in rights if r.can_view_market_documents),
        "adhesion": sorted(r.family_id for r in rights if r.has_admin_membership_rights),
    }


def remove_account(*, actor, target, administered_ids):
    """*Supprimer l'utilisateur*: remove ``target``'s affiliations in the establishments
    ``actor`` administers; with none left elsewhere, erase the account (GDPR).

    Returns ``True`` when the account was erased, ``False`` when affiliations elsewhere keep it.
    """
    with transaction.atomic():
        affiliations = list(
            Affiliation.objects.select_related("establishment").filter(
                user=target, establishment_id__in=administered_ids
            )
        )
        if not affiliations:
            raise AccountError(_("Ce compte n'est rattaché à aucun de vos établissements."))
        losing = {a.establishment_id for a in affiliations if a.is_admin}
        _check_admins_remain(affiliations, losing)
        remaining = Affiliation.objects.filter(user=target).exclude(
            pk__in=[a.pk for a in affiliations]
        )
        if remaining.exists():
            for affiliation in affiliations:
                audit.record(
                    AuditAction.DELETED,
                    actor=actor,
                    subject=target,
                    establishment=affiliation.establishment,
                    scope="rattachement",
                    role=str(affiliation.role),
                    status=str(affiliation.status),
                )
            Affiliation.objects.filter(pk__in=[a.pk for a in affiliations]).delete()
            return False
        for affiliation in affiliations:
            audit.record(
                AuditAction.DELETED,
                actor=actor,
                subject=target,
                establishment=affiliation.establishment,
                scope="compte",
                role=str(affiliation.role),
                status=str(affiliation.status),
            )
        erase_account(target)
        return True


def erase_account(user):
    """GDPR erasure: the audit labels naming ``user`` are anonymised, its address and name are
    erased from the outbox, then the account and everything hanging from it (profile,
    affiliations, rights, requests) are deleted."""
    audit.anonymise(user)
    outbox.erase_person(
        user.email,
        full_name=user.get_full_name(),
        first_name=user.first_name,
        last_name=user.last_name,
    )
    username = user.get_username()
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=username).delete()
    user.delete()
