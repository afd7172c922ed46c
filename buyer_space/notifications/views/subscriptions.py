"""The bell of an offer (follow / stop following it) and the notification preferences.

The bell is a form: without JavaScript it posts and comes back to the page it was on; with
``notifications/bell.js`` it posts with ``Accept: application/json`` and gets the new state back.
Only live offers may be followed (any other answers 404), by active accounts
(``notifications.subscribe_to_offers``).
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyer_space.notifications import services as service
from buyer_space.notifications.choices import EmailFrequency
from buyer_space.notifications.forms import EmailFrequencyForm, SubscriptionFrequencyForm
from buyer_space.notifications.models import Subscription
from espace_site.pagination import paginate

PER_PAGE = 50


def bell_labels():
    return {
        True: _("Désactiver les notifications"),
        False: _("Activer les notifications de cette offre"),
    }


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def toggle_subscription(request, offer_id):
    """Follow or stop following a live offer: ``abonne=1`` / ``abonne=0`` (else: the opposite of
    the current state)."""
    offer = get_object_or_404(service.subscribable_offers(), pk=offer_id)
    back = safe_next(request, offer.url or "/")
    user = request.user
    if not user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": _("Connectez-vous pour suivre cette offre.")}, status=401)
        return redirect_to_login(back)
    if not rules.has_perm("notifications.subscribe_to_offers", user):
        raise PermissionDenied
    wanted = request.POST.get("abonne")
    if wanted in ("0", "1"):
        subscribed = wanted == "1"
    else:
        subscribed = offer.pk not in service.subscribed_offer_ids(user, [offer.pk])
    service.set_subscription(user, offer, subscribed)
    if subscribed:
        message = _("Notifications activées pour l'offre « %(offer)s ».") % {"offer": offer.title}
    else:
        message = _("Notifications désactivées pour l'offre « %(offer)s ».") % {
            "offer": offer.title
        }
    if wants_json(request):
        return JsonResponse(
            {
                "subscribed": subscribed,
                "label": bell_labels()[subscribed],
                "message": message,
                "offer": offer.pk,
            }
        )
    messages.success(request, message)
    return redirect(back)


@login_required
@require_GET
def preferences(request):
    """The offers the account follows: e-mail on or off for each, and unsubscribe."""
    if not rules.has_perm("notifications.view_notifications", request.user):
        raise PermissionDenied
    subscriptions = (
        Subscription.objects.filter(user=request.user)
        .select_related("offer")
        .order_by("offer__title", "pk")
    )
    page_obj, window = paginate(subscriptions, request.GET.get("page"), per_page=PER_PAGE)
    return render(
        request,
        "notifications/preferences.html",
        {
            "subscriptions": page_obj,
            "page_window": window,
            "general_form": EmailFrequencyForm(
                initial={"frequence": service.general_frequency(request.user)}
            ),
            "frequencies": EmailFrequency.choices,
        },
    )


@login_required
@require_POST
def update_general_frequency(request):
    """The account's general choice: an e-mail at each update, or a daily or weekly digest."""
    if not rules.has_perm("notifications.view_notifications", request.user):
        raise PermissionDenied
    form = EmailFrequencyForm(request.POST)
    if form.is_valid():
        frequency = service.set_general_frequency(request.user, form.cleaned_data["frequence"])
        messages.success(
            request,
            _("Vos e-mails de notification : %(choice)s.")
            % {"choice": str(frequency.label).lower()},
        )
    else:
        messages.error(request, _("Choisissez une fréquence proposée : rien n'a été modifié."))
    return redirect("buyer_space:notification_preferences")


@login_required
@require_POST
def update_subscription(request, subscription_id):
    """``action``: ``email-on``, ``email-off`` or ``unsubscribe``; another's subscription is
    404, like a missing one."""
    subscription = Subscription.objects.select_related("offer").filter(pk=subscription_id).first()
    if subscription is None or not rules.has_perm(
        "notifications.manage_subscription", request.user, subscription
    ):
        raise Http404
    back = safe_next(request, reverse("buyer_space:notification_preferences"))
    action = request.POST.get("action")
    title = subscription.offer.title
    if action == "unsubscribe":
        subscription.delete()
        messages.success(
            request, _("Vous ne suivez plus l'offre « %(offer)s ».") % {"offer": title}
        )
    elif action == "frequency":
        form = SubscriptionFrequencyForm(request.POST)
        if form.is_valid():
            subscription.email_frequency = form.cleaned_data["frequence"]
            subscription.save(update_fields=["email_frequency"])
            messages.success(
                request,
                _("Fréquence des e-mails enregistrée pour l'offre « %(offer)s ».")
                % {"offer": title},
            )
        else:
            messages.error(request, _("Choisissez une fréquence proposée : rien n'a été modifié."))
    elif action in ("email-on", "email-off"):
        subscription.email_enabled = action == "email-on"
        subscription.save(update_fields=["email_enabled"])
        if subscription.email_enabled:
            text = _("Vous recevrez un e-mail à chaque mise à jour de l'offre « %(offer)s ».")
        else:
            text = _(
                "Vous ne recevrez plus d'e-mail pour l'offre « %(offer)s » ; les notifications "
                "restent visibles dans Mon espace."
            )
        messages.success(request, text % {"offer": title})
    else:
        messages.error(request, _("Action inconnue : rien n'a été modifié."))
    return redirect(back)
