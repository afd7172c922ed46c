"""Template tags of the offer bell."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

_SCRIPT_ATTR = "_buyer_space_bell_script"


@register.simple_tag(takes_context=True)
def bell_script(context):
    """The bell's script, once per page however many bells it shows."""
    request = context.get("request")
    if request is None or getattr(request, _SCRIPT_ATTR, False):
        return ""
    setattr(request, _SCRIPT_ATTR, True)
    return format_html('<script src="{}" defer></script>', static("js/bell.js"))
