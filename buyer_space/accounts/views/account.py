"""The account pages: registration (two steps), e-mail confirmation, login and passwords."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import TemplateView

from buyer_space.accounts.forms.account import (
    EmailAuthenticationForm,
    QueuedPasswordResetForm,
    RegistrationForm,
    ResendConfirmationForm,
)
from buyer_space.accounts.services import registration
from espace_site import throttle
from membership.establishments.forms import EntityRequestForm
from membership.establishments.models import Establishment

# The first step's data waiting for the second: cleaned fields and the password *hash*.
SESSION_KEY = "buyer_space_registration"
# Beyond this many establishments the page carries no ``<datalist>``; the search still works.
DATALIST_MAX = 1000
REGISTER_TEMPLATE = "accounts/register.html"


def _entity_options():
    rows = list(
        Establishment.objects.order_by("name", "pk").values_list("name", "siret")[
            : DATALIST_MAX + 1
        ]
    )
    if len(rows) > DATALIST_MAX:
        return []
    return [f"{name} — {siret}" for name, siret in rows]


def _render_registration(request, form, status=200):
    choices = list(form.entity_matches)
    chosen = form.chosen_establishment
    if chosen is not None and chosen not in choices:
        choices.insert(0, chosen)
    selected = str(chosen.pk) if chosen is not None else form.selected_establishment_id
    context = {
        "form": form,
        "entity_choices": choices,
        "entity_selected": selected,
        "entity_options": _entity_options(),
        "search_limit": registration.SEARCH_LIMIT,
    }
    return render(request, REGISTER_TEMPLATE, context, status=status)


@require_GET
def entity_suggestions(request):
    """The establishments matching what is typed in the registration's entity field, for its
    combobox (``accounts/entity-combobox.js``): ``{"results": [{"id", "label", "detail"}]}``,
    at most ``SEARCH_LIMIT``. Public, like the list the page itself carries."""
    matches = registration.find_establishments(request.GET.get("q", ""))
    results = [
        {
            "id": establishment.pk,
            "label": registration.establishment_label(establishment),
            "detail": " ".join(
                part
                for part in (establishment.acronym, establishment.postcode, establishment.city)
                if part
            ),
        }
        for establishment in matches
    ]
    response = JsonResponse({"results": results, "limit": registration.SEARCH_LIMIT})
    response["Cache-Control"] = "private, max-age=60"
    return response


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    """*Inscription*. With an establishment chosen the account is created here; without one,
    the second form (:func:`register_entity`) follows, the data waiting in the session."""
    state = request.session.get(SESSION_KEY) or {}
    password_kept = bool(state.get("password_hash"))
    if request.method == "GET":
        initial = {**state.get("account", {}), "wants_admin_role": state.get("wants_admin_role")}
        return _render_registration(
            request, RegistrationForm(initial=initial, password_kept=password_kept)
        )

    if request.POST.get("action") == "search":
        # Re-display everything typed, with the establishments found; validate nothing yet.
        form = RegistrationForm(
            initial=request.POST.dict(), password_kept=password_kept, keep_passwords=True
        )
        form.search_entity()
        return _render_registration(request, form)

    form = RegistrationForm(request.POST, password_kept=password_kept)
    if not form.is_valid():
        return _render_registration(request, form)
    password = form.cleaned_data["password1"]
    # Hashed here, whatever happens next: a known address costs the same work as a new one.
    password_hash = make_password(password) if password else state["password_hash"]
    wants_admin_role = form.cleaned_data["wants_admin_role"]
    if form.chosen_establishment is not None:
        registration.register(
            account=form.account_data(),
            password_hash=password_hash,
            establishment=form.chosen_establishment,
            wants_admin_role=wants_admin_role,
            notify_known=throttle.allow("register", request, form.cleaned_data["email"]),
        )
        request.session.pop(SESSION_KEY, None)
        return redirect("buyer_space:register_done")
    request.session[SESSION_KEY] = {
        "account": form.account_data(),
        "wants_admin_role": wants_admin_role,
        "password_hash": password_hash,
        "entity_request": state.get("entity_request", {}),
    }
    return redirect("buyer_space:register_entity")


@never_cache
@require_http_methods(["GET", "POST"])
def register_entity(request):
    """The guide's second form (*Entité de rattachement*): RETOUR keeps what is typed."""
    state = request.session.get(SESSION_KEY)
    if not state or not state.get("password_hash"):
        messages.info(request, _("Commencez par remplir le formulaire d'inscription."))
        return redirect("buyer_space:register")
    if request.method == "POST":
        if request.POST.get("action") == "back":
            state["entity_request"] = {
                name: request.POST.get(name, "")[:300] for name in EntityRequestForm._meta.fields
            }
            request.session[SESSION_KEY] = state
            return redirect("buyer_space:register")
        form = EntityRequestForm(request.POST)
        if form.is_valid():
            registration.register(
                account=state["account"],
                password_hash=state["password_hash"],
                wants_admin_role=state.get("wants_admin_role", False),
                entity_request_form=form,
                notify_known=throttle.allow("register", request, state["account"]["email"]),
            )
            request.session.pop(SESSION_KEY, None)
            return redirect("buyer_space:register_done")
    else:
        form = EntityRequestForm(initial=state.get("entity_request") or None)
    return render(request, "accounts/register_entity.html", {"form": form})


class RegisterDoneView(TemplateView):
    """The same page whether the address was new or known."""

    template_name = "accounts/register_done.html"


class PrivacyView(TemplateView):
    template_name = "accounts/privacy.html"


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """GET shows a button (mail scanners open links); only the POST confirms."""
    try:
        user = registration.read_confirmation_token(token)
        if request.method == "POST":
            registration.confirm_email(user)
            messages.success(
                request,
                _(
                    "Votre adresse e-mail est confirmée. Vous pouvez vous connecter ; votre "
                    "rattachement reste en attente de validation."
                ),
            )
            return redirect("buyer_space:login")
    except registration.ConfirmationError as error:
        status = {"invalid": 400, "expired": 410}.get(error.reason, 200)
        return render(
            request,
            "accounts/confirm_email_failed.html",
            {"reason": error.reason, "form": ResendConfirmationForm()},
            status=status,
        )
    return render(request, "accounts/confirm_email.html", {"account": user})


@never_cache
@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    """A new confirmation link; the answer is the same whether the address is known or not."""
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if throttle.allow("resend-confirmation", request, email):
            registration.resend_confirmation(email)
        return render(request, "accounts/resend_confirmation_done.html")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


@method_decorator(never_cache, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link in an e-mail or an image cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous êtes déconnecté."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("buyer_space:password_reset_done")

    def form_valid(self, form):
        if throttle.allow("password-reset", self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return redirect(self.get_success_url())  # the same answer, without the e-mail


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("buyer_space:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("buyer_space:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
