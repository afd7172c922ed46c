"""``limit`` (at most 100) and ``offset`` on every list: a count and one slice, two queries."""

from ninja import Field, Schema

MAX_LIMIT = 100


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Nombre d'éléments (100 au plus).")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="Rang du premier élément (0 d'abord).")


def page(queryset, params, *, count=None):
    """``{count, limit, offset, items}``: ``items`` is the list of the slice's rows."""
    total = queryset.count() if count is None else count
    items = list(queryset[params.offset : params.offset + params.limit]) if total else []
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": items}
