"""*Mon espace* for an establishment's admin: establishment, users, validation, rights, deletion.

Every check is a predicate of :mod:`buyer_space.accounts.rules`, tested with ``rules.has_perm``
(which, unlike ``user.has_perm``, gives no blanket pass to superusers: the centre's staff work in
the Wagtail admin). An establishment, account or request the viewer may not act on answers 404,
exactly like one that does not exist.
"""

import rules
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.forms.administration import (
    CreateUserForm,
    DecisionForm,
    DeleteUserForm,
    RightsForm,
    UserSearchForm,
)
from buyer_space.accounts.models import Affiliation, FamilyRight
from buyer_space.accounts.rules import (
    access,
    administers_any_establishment,
    forget_access,
    is_establishment_admin,
)
from buyer_space.accounts.services import accounts, validation
from catalogue.models import PurchaseFamily
from espace_site.mfa import mfa_required
from membership.establishments.models import Establishment


def _establishment_or_404(request, establishment_id, perm):
    establishment = (
        Establishment.objects.select_related("group").filter(pk=establishment_id).first()
    )
    if establishment is None or not rules.has_perm(perm, request.user, establishment):
        raise Http404
    return establishment


def _managed_user_or_404(request, user_id):
    target = (
        get_user_model()
        .objects.select_related("buyer_profile")
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("establishment").order_by(
                    "establishment__name", "pk"
                ),
            )
        )
        .filter(pk=user_id)
        .first()
    )
    if target is None or not rules.has_perm("accounts.manage_account", request.user, target):
        raise Http404
    return target


def _administered(request, target):
    """``target``'s affiliations in the establishments the viewer administers."""
    admin_ids = access(request.user).admin_ids
    return [a for a in target.affiliations.all() if a.establishment_id in admin_ids]


@login_required
@mfa_required(when=administers_any_establishment)
def establishment_detail(request, establishment_id):
    """*Consulter les informations de mon établissement*."""
    establishment = _establishment_or_404(request, establishment_id, "accounts.view_establishment")
    is_admin = rules.has_perm("accounts.manage_establishment", request.user, establishment)
    return render(
        request,
        "accounts/establishment/detail.html",
        {"establishment": establishment, "is_admin": is_admin},
    )


@login_required
@mfa_required(when=administers_any_establishment)
def establishment_users(request, establishment_id):
    """*Voir les utilisateurs*: administrators, users and pending requests, with a search."""
    establishment = _establishment_or_404(
        request, establishment_id, "accounts.manage_establishment"
    )
    search = UserSearchForm(request.GET or None)
    queryset = (
        Affiliation.objects.filter(establishment=establishment)
        .exclude(status=AffiliationStatus.REFUSED)
        .select_related("user", "user__buyer_profile")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for term in search.terms():
        queryset = queryset.filter(
            Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
            | Q(user__email__icontains=term)
        )
    groups = {"admins": [], "users": [], "pending": []}
    for affiliation in queryset:
        if affiliation.status == AffiliationStatus.PENDING:
            groups["pending"].append((affiliation, DecisionForm(affiliation=affiliation)))
        elif affiliation.role == Role.ADMIN:
            groups["admins"].append(affiliation)
        else:
            groups["users"].append(affiliation)
    return render(
        request,
        "accounts/establishment/users.html",
        {
            "establishment": establishment,
            "search": search,
            "searching": bool(search.terms()),
            "groups": [
                ("administrateurs", _("Administrateur"), groups["admins"], False),
                ("utilisateurs", _("Utilisateur"), groups["users"], False),
                ("en-attente", _("Utilisateurs en attente"), groups["pending"], True),
            ],
        },
    )


def _apply_decision(request, affiliation, form, via):
    """Accept or refuse; returns the French message shown afterwards."""
    if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
        decided = validation.accept(
            affiliation, actor=request.user, role=form.cleaned_data["role"], via=via
        )
        return _("La demande de %(name)s est acceptée (%(role)s).") % {
            "name": decided.user.get_full_name() or decided.user.email,
            "role": decided.get_role_display(),
        }
    decided = validation.refuse(
        affiliation, actor=request.user, reason=form.cleaned_data["reason"], via=via
    )
    return _("La demande de %(name)s est refusée ; la personne en est informée.") % {
        "name": decided.user.get_full_name() or decided.user.email
    }


def _form_errors(form):
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
@mfa_required(when=administers_any_establishment)
@require_POST
def decide_affiliation(request, establishment_id, affiliation_id):
    """Accept or refuse a pending request from *Utilisateurs en attente*."""
    establishment = _establishment_or_404(
        request, establishment_id, "accounts.manage_establishment"
    )
    affiliation = (
        Affiliation.objects.select_related("user", "establishment")
        .filter(pk=affiliation_id, establishment=establishment)
        .first()
    )
    users_url = reverse("buyer_space:establishment_users", args=[establishment.pk])
    if affiliation is None:
        raise Http404
    if not rules.has_perm("accounts.validate_affiliation", request.user, affiliation):
        messages.error(request, _("Cette demande a déjà été traitée."))
        return redirect(users_url)
    form = DecisionForm(request.POST, affiliation=affiliation)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(users_url)
    try:
        messages.success(request, _apply_decision(request, affiliation, form, "liste"))
    except validation.DecisionError as exc:
        messages.error(request, str(exc))
    return redirect(users_url)


@login_required
@mfa_required(when=administers_any_establishment)
@require_http_methods(["GET", "POST"])
def validation_link(request, token):
    """The e-mailed link: shows the request; only the POST decides."""
    try:
        affiliation = validation.read_token(token)
    except validation.InvalidLink as exc:
        if exc.affiliation is None or not is_establishment_admin(
            request.user, exc.affiliation.establishment_id
        ):
            raise Http404 from exc
        return render(
            request,
            "accounts/establishment/link_invalid.html",
            {"reason": exc.reason, "affiliation": exc.affiliation},
            status=410,
        )
    if not rules.has_perm("accounts.validate_affiliation", request.user, affiliation):
        raise Http404
    form = DecisionForm(request.POST if request.method == "POST" else None, affiliation=affiliation)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, _apply_decision(request, affiliation, form, "lien"))
        except validation.DecisionError:
            return render(
                request,
                "accounts/establishment/link_invalid.html",
                {"reason": "used", "affiliation": affiliation},
                status=410,
            )
        return redirect("buyer_space:establishment_users", affiliation.establishment_id)
    return render(
        request,
        "accounts/establishment/validation.html",
        {"affiliation": affiliation, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@mfa_required(when=administers_any_establishment)
@require_http_methods(["GET", "POST"])
def create_user(request, establishment_id):
    """*Créer un utilisateur*: the account is active at once; the person sets his password."""
    establishment = _establishment_or_404(
        request, establishment_id, "accounts.manage_establishment"
    )
    form = CreateUserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user, created = accounts.create_account(
                actor=request.user, establishment=establishment, data=form.cleaned_data
            )
        except accounts.AccountError as exc:
            form.add_error("email", str(exc))
        else:
            if created:
                message = _(
                    "Le compte de %(name)s est créé ; un e-mail lui permet de choisir son mot "
                    "de passe."
                )
            else:
                message = _(
                    "Un compte existait déjà pour cette adresse : il est rattaché à votre "
                    "établissement et %(name)s en est informé(e)."
                )
            messages.success(request, message % {"name": user.get_full_name() or user.email})
            return redirect("buyer_space:establishment_users", establishment.pk)
    return render(
        request,
        "accounts/establishment/create_user.html",
        {"establishment": establishment, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _initial_matrix(affiliations):
    """A family is ticked when it is ticked on every affiliation the page edits."""
    rights = {}
    for right in FamilyRight.objects.filter(affiliation__in=affiliations):
        rights.setdefault(right.affiliation_id, []).append(right)
    matrices = [accounts._matrix(rights.get(a.pk, [])) for a in affiliations]
    if not matrices:
        return {"documents": [], "adhesion": []}
    return {
        name: sorted(set.intersection(*(set(m[name]) for m in matrices)))
        for name in ("documents", "adhesion")
    }


@login_required
@mfa_required(when=administers_any_establishment)
@require_http_methods(["GET", "POST"])
def user_rights(request, user_id):
    """*Gestion des droits de …*: roles per administered establishment, the family matrix."""
    target = _managed_user_or_404(request, user_id)
    administered = _administered(request, target)
    editable = [a for a in administered if a.status != AffiliationStatus.REFUSED]
    families = list(PurchaseFamily.objects.all())
    form = RightsForm(
        request.POST if request.method == "POST" else None,
        families=families,
        editable_affiliations=editable,
        initial_matrix=None if request.method == "POST" else _initial_matrix(editable),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = accounts.save_rights(
                actor=request.user,
                target=target,
                affiliations=editable,
                roles=form.roles(),
                document_family_ids=form.cleaned_data["documents_ids"],
                adhesion_family_ids=form.cleaned_data["adhesion_ids"],
            )
        except accounts.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            if target.pk == request.user.pk:
                forget_access(request.user)
            if changes:
                messages.success(request, _("Les droits sont enregistrés."))
            else:
                messages.info(request, _("Aucune modification à enregistrer."))
            return redirect("buyer_space:user_rights", target.pk)
    back = administered[0].establishment_id if administered else None
    return render(
        request,
        "accounts/establishment/user_rights.html",
        {
            "target": target,
            "form": form,
            "administered": administered,
            "back_establishment_id": back,
            "documents_all": form.all_checked("documents"),
            "adhesion_all": form.all_checked("adhesion"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@mfa_required(when=administers_any_establishment)
@require_http_methods(["GET", "POST"])
def delete_user(request, user_id):
    """*Supprimer l'utilisateur*: a confirmation page, then the POST."""
    target = _managed_user_or_404(request, user_id)
    administered = _administered(request, target)
    is_self = target.pk == request.user.pk
    keeps_account = any(
        a.establishment_id not in access(request.user).admin_ids for a in target.affiliations.all()
    )
    form = DeleteUserForm(request.POST if request.method == "POST" else None, is_self=is_self)
    if request.method == "POST" and form.is_valid():
        name = target.get_full_name() or target.email
        back = administered[0].establishment_id
        try:
            erased = accounts.remove_account(
                actor=request.user,
                target=target,
                administered_ids=[a.establishment_id for a in administered],
            )
        except accounts.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            if is_self:
                if erased:
                    logout(request)
                    messages.success(request, _("Votre compte est supprimé."))
                    return redirect("/")
                forget_access(request.user)
                messages.success(request, _("Vous n'êtes plus rattaché(e) à ces établissements."))
                return redirect("buyer_space:space")
            if erased:
                messages.success(request, _("Le compte de %(name)s est supprimé.") % {"name": name})
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s n'est plus rattaché(e) à vos établissements ; son compte reste "
                        "actif pour ses autres établissements."
                    )
                    % {"name": name},
                )
            return redirect("buyer_space:establishment_users", back)
    return render(
        request,
        "accounts/establishment/delete_user.html",
        {
            "target": target,
            "administered": administered,
            "keeps_account": keeps_account,
            "is_self": is_self,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
