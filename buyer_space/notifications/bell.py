"""The offer bell's markup, built once per offer in Python.

A catalogue page shows twenty cards, each with a bell: a template included per card cost more
than the rest of the card. The markup is the same on the offer page and on the cards (``card``
adds the offer's title for screen readers and the small button style). Without JavaScript the
form posts and comes back to the page; ``notifications/bell.js`` (added once per page) updates it
in place.
"""

from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

BELL_ICON = mark_safe(
    '<svg class="bell__icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
    'width="18" height="18"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 '
    "2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 "
    '2v1h18v-1z"/></svg>'
)
_SCRIPT_ATTR = "_buyer_space_bell_script"


def _offer_title(offer, card):
    if not card:
        return ""
    return format_html('<span class="visually-hidden"> : {}</span>', offer.title)


def login_bell_html(offer, url, label, card):
    """A link to the login page, for anonymous visitors."""
    return format_html(
        '<a class="button button--secondary bell bell--login{}" href="{}">{}<span>{}</span>{}</a>',
        " button--small" if card else "",
        url,
        BELL_ICON,
        label,
        _offer_title(offer, card),
    )


def bell_script(request):
    """The bell's script tag, once per page however many bells it shows."""
    if getattr(request, _SCRIPT_ATTR, False):
        return ""
    setattr(request, _SCRIPT_ATTR, True)
    return format_html('<script src="{}" defer></script>', static("notifications/bell.js"))


def bell_form_html(request, offer, url, label, subscribed, card):
    """The follow / stop following form of an active account."""
    return format_html(
        '<form class="bell-form" method="post" action="{url}" data-bell data-offer="{pk}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="next" value="{next}">'
        '<input type="hidden" name="abonne" value="{wanted}" data-bell-wanted>'
        '<button type="submit" class="button bell{on}{size}" aria-pressed="{pressed}">{icon}'
        '<span class="bell__label" data-bell-label>{label}</span>{title}</button>'
        '<span class="visually-hidden" role="status" data-bell-status></span>'
        "</form>{script}",
        url=url,
        pk=offer.pk,
        csrf=get_token(request),
        next=request.get_full_path(),
        wanted="0" if subscribed else "1",
        on=" bell--on" if subscribed else "",
        size=" button--small" if card else " button--secondary",
        pressed="true" if subscribed else "false",
        icon=BELL_ICON,
        label=label,
        title=_offer_title(offer, card),
        script=bell_script(request),
    )
