"""``create_api_token EMAIL [--name N] [--scope read|write] [--establishment SIRET]
[--expires DAYS]``: prints the token alone on its last line (for scripts)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from buyer_space.accounts.rules import access
from buyer_space.api import services
from buyer_space.api.choices import TokenScope
from membership.establishments.models import Establishment


class Command(BaseCommand):
    help = "Crée un jeton de l'API des acheteurs pour un compte et l'affiche (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Jeton créé en ligne de commande")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--establishment", metavar="SIRET")
        parser.add_argument("--expires", type=int, metavar="DAYS")

    def handle(self, *args, email, name, scope, establishment, expires, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None or not user.is_active:
            raise CommandError(f"Aucun compte actif n'a l'adresse {email}.")
        limited = None
        if establishment:
            limited = Establishment.objects.filter(siret=establishment.strip()).first()
            account = access(user)
            if limited is None or account is None or limited.pk not in account.member_ids:
                raise CommandError(
                    f"Le compte {email} n'est pas actif dans l'établissement {establishment}."
                )
        if expires is not None and not 1 <= expires <= 3650:
            raise CommandError("--expires : entre 1 et 3650 jours.")
        token, clear = services.create_token(
            user=user, name=name, scope=scope, establishment=limited, expires_in_days=expires
        )
        self.stdout.write(f"Jeton « {token.name} » créé pour {user.email} ({scope}).")
        self.stdout.write(clear)
