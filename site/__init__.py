"""Project package of Espace Acheteur, imported as ``espace_site`` (``site`` is a stdlib name)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
