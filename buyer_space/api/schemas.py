"""Shapes shared by the routers: the problem, a reference to an establishment, a file."""

from ninja import Schema

# Every error an endpoint may answer, documented once (the body: :class:`Problem`).
ERRORS = (400, 401, 403, 404, 422, 429)


class ProblemError(Schema):
    champ: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None


def responses(ok, status=200, errors=ERRORS):
    return {status: ok, **dict.fromkeys(errors, Problem)}


class EstablishmentRef(Schema):
    id: int
    name: str
    siret: str


class Done(Schema):
    detail: str
