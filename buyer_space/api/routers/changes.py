"""``/offres/changements``: the offers' change feed, public content for other systems."""

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from buyer_space.api import changes
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses

router = Router()


class ChangeFilters(Schema):
    curseur: str | None = Field(
        None, max_length=64, description="Le curseur_suivant de la réponse précédente."
    )
    limit: int = Field(100, ge=1, le=100, description="Nombre de changements (100 au plus).")


class ChangeOut(Schema):
    offre_id: int
    type: str = Field(..., description="created, updated, unpublished ou deleted.")
    titre: str
    reference: str
    url: str | None
    date: datetime


class ChangeFeed(Schema):
    changements: list[ChangeOut]
    curseur_suivant: str
    suite: bool = Field(..., description="D'autres changements attendent déjà : rappelez.")


def _url(change):
    if change.kind in ("unpublished", "deleted") or not change.url_path:
        return None
    # url_path starts with the site's root page ("/home/offres/…"): drop that first segment.
    path = "/" + change.url_path.strip("/").partition("/")[2]
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path.rstrip('/')}/"


@router.get(
    "/changements",
    auth=None,
    response=responses(ChangeFeed, errors=(400, 422, 429)),
    summary="Flux des changements des offres",
)
def change_feed(request, filters: Query[ChangeFilters]):
    """Les offres créées, modifiées, dépubliées ou supprimées (tombstones), dans l'ordre des
    changements. Sans curseur : depuis le début ; gardez `curseur_suivant` et rappelez avec :
    aucun changement n'est manqué ni répété."""
    last_id = 0
    if filters.curseur:
        last_id = changes.decode_cursor(filters.curseur)
        if last_id is None:
            raise ApiProblem(400, _("Curseur invalide : reprenez celui d'une réponse du flux."))
    rows, more = changes.changes_after(last_id, filters.limit)
    next_id = rows[-1].pk if rows else last_id
    return {
        "changements": [
            {
                "offre_id": row.offer_id,
                "type": row.kind,
                "titre": row.title,
                "reference": row.reference,
                "url": _url(row),
                "date": row.changed_at,
            }
            for row in rows
        ],
        "curseur_suivant": changes.encode_cursor(next_id),
        "suite": more,
    }
