"""Two-factor authentication (django-otp): an authenticator app's codes (TOTP) and single-use
recovery codes.

Required for the centre's staff before the Wagtail admin (:class:`RequireStaffMFAMiddleware`),
and for any view decorated with :func:`mfa_required` (the plugins' administration screens);
optional for everyone else, from the setup page. ``MFA_REQUIRED`` turns the requirement off
(the test settings, whose other tests log staff in without a second factor). The QR code is
drawn here as SVG (django-otp with ``qrcode``): no image is asked of another host.
"""

import base64
import functools
import io
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .rules import is_staff_member

RECOVERY_CODES = 10
SETUP_DEVICE_NAME = "application"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à usage unique"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Le code à 6 chiffres de votre application, ou un code de secours."),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/admin/" if is_staff_member(request.user) else "/"


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def verification_redirect(request):
    """Where an unverified user goes: the check of his code, or the setup of his first device."""
    if user_has_device(request.user):
        return redirect(_with_next("mfa_verify", request))
    return redirect(_with_next("mfa_setup", request))


def needs_verification(request):
    user = request.user
    return settings.MFA_REQUIRED and user.is_authenticated and not user.is_verified()


def mfa_required(when=None):
    """Decorate a view that a user must pass his second factor to use; with ``when`` (a
    predicate of the user, e.g. a ``rules`` predicate), only the users it names."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if needs_verification(request) and (when is None or when(request.user)):
                return verification_redirect(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RequireStaffMFAMiddleware:
    """Staff reach the Wagtail admin only after their second factor (its login and logout,
    and the password reset, stay open)."""

    OPEN_PATHS = ("login/", "logout/", "password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = settings.ADMIN_PATH_PREFIX
        path = request.path_info
        if (
            path.startswith(prefix)
            and not path[len(prefix) :].startswith(self.OPEN_PATHS)
            and is_staff_member(request.user)
            and needs_verification(request)
        ):
            return verification_redirect(request)
        return self.get_response(request)


def _qr_data_uri(device):
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _recovery_codes(user):
    device, _created = StaticDevice.objects.get_or_create(user=user, name="secours")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """*Activer la double authentification*: scan the QR code, type the first code; the
    recovery codes are shown once."""
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect(_with_next("mfa_verify", request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=SETUP_DEVICE_NAME, confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return render(
                request,
                "mfa/recovery_codes.html",
                {"codes": _recovery_codes(request.user), "next": _next_url(request)},
            )
        form.add_error("code", _("Ce code n'est pas valable : saisissez le code affiché."))
    context = {
        "form": form,
        "qr_code": _qr_data_uri(device),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "mfa/setup.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """*Vérification en deux étapes*: the code of the authenticator app, or a recovery code."""
    if not user_has_device(request.user):
        return redirect(_with_next("mfa_setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("Ce code n'est pas valable ou a déjà servi."))
    context = {
        "form": form,
        "next": _next_url(request),
        "devices": list(devices_for_user(request.user)),
    }
    return render(request, "mfa/verify.html", context, status=400 if form.errors else 200)
