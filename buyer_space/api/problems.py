"""Errors as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``,
``detail`` in French, and ``errors`` for invalid input."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

PROBLEM_TYPE = "https://espace-acheteur.fr/api/problemes/"

TITLES = {
    400: ("requete-invalide", "Requête invalide"),
    401: ("non-authentifie", "Authentification requise"),
    403: ("interdit", "Accès refusé"),
    404: ("introuvable", "Ressource introuvable"),
    405: ("methode-non-permise", "Méthode non permise"),
    409: ("conflit", "Conflit"),
    413: ("trop-volumineux", "Envoi trop volumineux"),
    422: ("donnees-invalides", "Données invalides"),
    429: ("trop-de-requetes", "Trop de requêtes"),
}


def problem(status, detail, *, errors=None, headers=None):
    slug, title = TITLES.get(status, ("erreur", "Erreur"))
    body = {"type": PROBLEM_TYPE + slug, "title": title, "status": status, "detail": str(detail)}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(
        body, status=status, content_type="application/problem+json", json_dumps_params={}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class ApiProblem(Exception):
    """Raised by an endpoint: answered as a problem with this status and French detail."""

    def __init__(self, status, detail, errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


def _location(error):
    return ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query"))


def _french_message(error):
    kind = error.get("type", "")
    if kind == "missing":
        return _("Ce champ est obligatoire.")
    if kind.startswith("int") or kind.startswith("float"):
        return _("Saisissez un nombre entier valide.")
    if kind.startswith("bool"):
        return _("Saisissez une valeur booléenne (true ou false).")
    if kind in ("less_than_equal", "less_than"):
        return _("La valeur est trop grande (au plus %(max)s).") % {
            "max": error.get("ctx", {}).get("le", error.get("ctx", {}).get("lt", ""))
        }
    if kind in ("greater_than_equal", "greater_than"):
        return _("La valeur est trop petite (au moins %(min)s).") % {
            "min": error.get("ctx", {}).get("ge", error.get("ctx", {}).get("gt", ""))
        }
    if kind.startswith("string_too_long"):
        return _("Le texte est trop long.")
    if kind.startswith("string_too_short"):
        return _("Le texte est trop court.")
    if kind in ("enum", "literal_error"):
        return _("Cette valeur ne fait pas partie des choix possibles.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Saisissez une date valide (AAAA-MM-JJ).")
    if kind.startswith("json") or kind.startswith("model") or kind.startswith("dict"):
        return _("Le corps de la requête n'est pas un objet JSON valide.")
    return _("Valeur invalide.")


def install(api):
    """The API's exception handlers: every error answered as a problem."""

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = [
            {"champ": _location(error), "message": _french_message(error)} for error in exc.errors
        ]
        return problem(422, _("Les données envoyées sont invalides."), errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return problem(
            401,
            _("Jeton absent, invalide, révoqué ou expiré, ou session non ouverte."),
            headers={"WWW-Authenticate": 'Bearer realm="espace-acheteur"'},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = max(1, int(exc.wait or 1))
        return problem(
            429,
            _("Trop de requêtes avec ce jeton : réessayez dans %(wait)d secondes.")
            % {"wait": wait},
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        detail = str(exc)
        if exc.status_code == 403 and detail == "CSRF check Failed":
            detail = _("Jeton CSRF absent ou invalide : rechargez la page.")
        return problem(exc.status_code, detail)

    @api.exception_handler(ApiProblem)
    def api_problem(request, exc):
        return problem(exc.status, exc.detail, errors=exc.errors)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, _("Cette ressource n'existe pas ou ne vous est pas accessible."))

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return problem(403, _("Vous n'avez pas le droit d'effectuer cette action."))
