"""Template tags of the offer bell."""

from django import template

register = template.Library()

_SCRIPT_ATTR = "_notifications_bell_script"


@register.simple_tag(takes_context=True)
def first_bell_of_page(context):
    """Whether this is the page's first bell (which adds the bell's script): once per request,
    however many bells the page shows."""
    request = context.get("request")
    if request is None or getattr(request, _SCRIPT_ATTR, False):
        return False
    setattr(request, _SCRIPT_ATTR, True)
    return True
