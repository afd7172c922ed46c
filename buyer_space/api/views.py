"""*Mes jetons d'API* in Mon espace: create a token (shown once), list and revoke them."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buyer_space.accounts.rules import access
from buyer_space.api import calendar, services
from buyer_space.api.forms import TokenForm
from buyer_space.api.models import ApiToken, FollowedOffersCalendar
from catalogue.feeds import offer_events
from espace_site.ical import calendar_response


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    if not rules.has_perm("api_espace.manage_tokens", request.user):
        raise Http404
    account = access(request.user)
    form = TokenForm(
        request.POST if request.method == "POST" else None,
        establishment_ids=sorted(account.member_ids) if account else [],
    )
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, created = services.create_token(
            user=request.user,
            name=data["name"],
            scope=data["scope"],
            establishment=data["establishment"],
            expires_in_days=data["expires_in_days"],
        )
        form = TokenForm(establishment_ids=sorted(account.member_ids) if account else [])
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": list(services.tokens_of(request.user)),
            "calendar_url": request.build_absolute_uri(
                reverse(
                    "buyer_space:followed_offers_calendar",
                    args=[calendar.calendar_of(request.user).key],
                )
            ),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.filter(pk=pk).select_related("user", "establishment").first()
    if token is None or not rules.has_perm("api_espace.revoke_token", request.user, token):
        raise Http404
    if services.revoke_token(token, actor=request.user):
        messages.success(
            request,
            _("Le jeton « %(name)s » est révoqué : il ne fonctionne plus.") % {"name": token.name},
        )
    return redirect("buyer_space:api_tokens")


@login_required
@require_POST
def calendar_renew(request):
    """A new secret address: the old one stops working at once."""
    if not rules.has_perm("api_espace.manage_tokens", request.user):
        raise Http404
    calendar.renew(request.user)
    messages.success(
        request,
        _(
            "L'adresse de votre calendrier est renouvelée : mettez-la à jour dans votre agenda, "
            "l'ancienne ne fonctionne plus."
        ),
    )
    return redirect("buyer_space:api_tokens")


def followed_offers_calendar(request, key):
    """The followed offers' dates, for a calendar program (no login: the address is the key)."""
    feed = FollowedOffersCalendar.objects.filter(key=key[:64]).select_related("user").first()
    if feed is None or not rules.has_perm("api_espace.manage_tokens", feed.user):
        raise Http404
    events = offer_events(calendar.followed_offers(feed.user), request)
    return calendar_response(_("Mes offres suivies"), events, "offres-suivies.ics")
