"""The permission matrix: every endpoint of the buyer API, for every kind of caller.

Callers: the anonymous visitor, a token of each profile (user, administrator, another
establishment's administrator, the GHT support's administrator, centre staff), and the
administrator's revoked, expired, read-only tokens and one limited to another establishment
(where he is a plain user). Expected statuses come from the same predicates as the pages:
what may not be seen answers 404, like what does not exist.
"""

import pytest
from django.db import transaction

from tests.buyer_space.api.conftest import deposit_data

CALLERS = (
    "anonymous",
    "user",
    "admin",
    "other_admin",
    "ght_admin",
    "staff",
    "revoked",
    "expired",
    "read_only",
    "limited",
)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.membership.deposits.deposit_helpers import PDF

    return SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf")


# (name, method, path builder, body builder, expected statuses in CALLERS order)
ENDPOINTS = [
    ("me", "get", lambda w: "/moi", None, (401, 200, 200, 200, 200, 200, 401, 401, 200, 200)),
    (
        "contracts",
        "get",
        lambda w: "/marches",
        None,
        (401, 200, 200, 200, 200, 200, 401, 401, 200, 200),
    ),
    (
        "contract",
        "get",
        lambda w: f"/marches/{w.contract.pk}",
        None,
        (401, 200, 200, 404, 404, 200, 401, 401, 200, 404),
    ),
    (
        "contract document",
        "get",
        lambda w: f"/marches/{w.contract.pk}/documents/{w.document.pk}",
        None,
        (401, 200, 200, 404, 404, 200, 401, 401, 200, 404),
    ),
    (
        "exchanges",
        "get",
        lambda w: "/echanges",
        None,
        (401, 200, 200, 200, 200, 403, 401, 401, 200, 200),
    ),
    (
        "exchange",
        "get",
        lambda w: f"/echanges/{w.exchange.pk}",
        None,
        (401, 200, 200, 404, 404, 403, 401, 401, 200, 404),
    ),
    (
        "new exchange",
        "post",
        lambda w: "/echanges",
        lambda w: {
            "type": "question",
            "etablissement": w.establishment.pk,
            "objet": "Livraison",
            "texte": "Quand ?",
            "pieces_jointes": [_upload()],
        },
        (401, 201, 201, 400, 400, 403, 401, 401, 403, 400),
    ),
    (
        "reply",
        "post",
        lambda w: f"/echanges/{w.exchange.pk}/messages",
        lambda w: {"texte": "Merci."},
        (401, 201, 201, 404, 404, 403, 401, 401, 403, 404),
    ),
    (
        "close",
        "post",
        lambda w: f"/echanges/{w.exchange.pk}/cloture",
        None,
        (401, 200, 200, 404, 404, 403, 401, 401, 403, 404),
    ),
    (
        "notifications",
        "get",
        lambda w: "/notifications",
        None,
        (401, 200, 200, 200, 200, 200, 401, 401, 200, 200),
    ),
    (
        "unread count",
        "get",
        lambda w: "/notifications/non-lues",
        None,
        (401, 200, 200, 200, 200, 200, 401, 401, 200, 200),
    ),
    (
        "mark read",
        "post",
        lambda w: f"/notifications/{w.notification.pk}/lue",
        None,
        (401, 200, 404, 404, 404, 404, 401, 401, 403, 404),
    ),
    (
        "mark all read",
        "post",
        lambda w: "/notifications/lues",
        None,
        (401, 200, 200, 200, 200, 200, 401, 401, 403, 200),
    ),
    (
        "subscriptions",
        "get",
        lambda w: "/abonnements",
        None,
        (401, 200, 200, 200, 200, 403, 401, 401, 200, 200),
    ),
    (
        "subscribe",
        "post",
        lambda w: "/abonnements",
        lambda w: {"offre": w.offer.pk},
        (401, 201, 201, 201, 201, 403, 401, 401, 403, 201),
    ),
    (
        "subscription e-mail",
        "patch",
        lambda w: f"/abonnements/{w.offer.pk}",
        lambda w: {"email": False},
        (401, 200, 404, 404, 404, 403, 401, 401, 403, 404),
    ),
    (
        "unsubscribe",
        "delete",
        lambda w: f"/abonnements/{w.offer.pk}",
        None,
        (401, 204, 404, 404, 404, 403, 401, 401, 403, 404),
    ),
    (
        "establishment users",
        "get",
        lambda w: f"/etablissements/{w.establishment.pk}/utilisateurs",
        None,
        (401, 404, 200, 404, 404, 404, 401, 401, 200, 404),
    ),
    (
        "pending requests",
        "get",
        lambda w: f"/etablissements/{w.establishment.pk}/demandes",
        None,
        (401, 404, 200, 404, 404, 404, 401, 401, 200, 404),
    ),
    (
        "accept request",
        "post",
        lambda w: (
            f"/etablissements/{w.establishment.pk}/demandes/"
            f"{w.affiliation(w.pending).pk}/validation"
        ),
        lambda w: {"role": "utilisateur"},
        (401, 404, 200, 404, 404, 404, 401, 401, 403, 404),
    ),
    (
        "refuse request",
        "post",
        lambda w: (
            f"/etablissements/{w.establishment.pk}/demandes/{w.affiliation(w.pending).pk}/refus"
        ),
        lambda w: {"motif": "Inconnu du service."},
        (401, 404, 200, 404, 404, 404, 401, 401, 403, 404),
    ),
    (
        "rights",
        "get",
        lambda w: f"/etablissements/utilisateurs/{w.user.pk}/droits",
        None,
        (401, 404, 200, 404, 404, 404, 401, 401, 200, 404),
    ),
    (
        "change rights",
        "put",
        lambda w: f"/etablissements/utilisateurs/{w.user.pk}/droits",
        lambda w: {"documents_de_marche": ["biomedical"], "droits_adhesion": []},
        (401, 404, 200, 404, 404, 404, 401, 401, 403, 404),
    ),
    (
        "other documents",
        "get",
        lambda w: "/documents/autres",
        None,
        (401, 403, 200, 200, 200, 403, 401, 401, 200, 403),
    ),
    (
        "other document",
        "get",
        lambda w: f"/documents/autres/{w.other_document.pk}",
        None,
        (401, 404, 200, 404, 404, 404, 401, 401, 200, 404),
    ),
    (
        "data files",
        "get",
        lambda w: "/documents/donnees",
        None,
        (401, 403, 200, 200, 200, 403, 401, 401, 200, 403),
    ),
    (
        "data file",
        "get",
        lambda w: f"/documents/donnees/{w.data_file.pk}",
        None,
        (401, 404, 200, 404, 200, 404, 401, 401, 200, 404),
    ),
    (
        "deposits",
        "get",
        lambda w: "/depots",
        None,
        (401, 200, 200, 200, 200, 200, 401, 401, 200, 200),
    ),
    (
        "deposit",
        "get",
        lambda w: f"/depots/{w.deposit.pk}",
        None,
        (401, 404, 200, 404, 404, 404, 401, 401, 200, 404),
    ),
    (
        "new deposit",
        "post",
        lambda w: "/depots",
        lambda w: deposit_data(w, w.deposit_offer),
        (401, 403, 201, 400, 400, 403, 401, 401, 403, 403),
    ),
    (
        "exchange attachment",
        "get",
        lambda w: f"/echanges/{w.exchange.pk}/pieces-jointes/{w.attachment.pk}",
        None,
        (401, 200, 200, 404, 404, 403, 401, 401, 200, 404),
    ),
    (
        "change feed",
        "get",
        lambda w: "/offres/changements",
        None,
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
]


def _request(call, world, method, path, body, caller):
    token = None if caller == "anonymous" else world.tokens[caller]
    kwargs = {}
    if body is not None:
        data = body(world)
        if method == "post" and path(world).startswith(("/echanges", "/depots")):
            kwargs["data"] = data  # multipart, as the attachments need
        else:
            kwargs = {"data": data, "content_type": "application/json"}
    return call(method, path(world), token=token, **kwargs)


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [pytest.param(*endpoint[1:], id=endpoint[0]) for endpoint in ENDPOINTS],
)
def test_permission_matrix(api_world, call, method, path, body, expected):
    """Each caller in a savepoint rolled back afterwards: every one meets the same world."""
    answers = {}
    for caller in CALLERS:
        with transaction.atomic():
            response = _request(call, api_world, method, path, body, caller)
            transaction.set_rollback(True)
        answers[caller] = response.status_code
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
            problem = response.json()
            assert problem["status"] == response.status_code
            assert problem["title"] and problem["detail"] and problem["type"]
    assert answers == dict(zip(CALLERS, expected, strict=True))
