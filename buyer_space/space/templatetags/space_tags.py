from django import template

from buyer_space.space.hooks import collect_space_menu_items

register = template.Library()


@register.simple_tag(takes_context=True)
def space_menu_items(context):
    """The entries of the side menu of *Mon espace* (``register_space_menu_items``), as
    ``(item, current)`` pairs: ``current`` when the page included the menu with the item's key
    as ``active`` (a page may include it without any)."""
    request = context.get("request")
    if request is None:
        return []
    active = context.get("active")
    return [(item, item.is_active(active)) for item in collect_space_menu_items(request)]
