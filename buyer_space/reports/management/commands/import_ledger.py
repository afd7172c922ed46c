from django.core.management.base import BaseCommand, CommandError

from buyer_space.reports.services.importer import import_path


class Command(BaseCommand):
    help = (
        "Importe un fichier du grand livre ou des gains achats (CSV ou XLSX) : la commande du "
        "dépôt nocturne de l'ERP. Le fichier est importé en entier ou pas du tout."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier CSV (;) ou XLSX à importer")

    def handle(self, *args, **options):
        try:
            ledger_import, result = import_path(options["file"])
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        if not result.ok:
            for line, column, value, message in result.errors:
                self.stderr.write(f"ligne {line} – {column} « {value} » : {message}")
            raise CommandError(
                f"Fichier refusé : {result.error_count} ligne(s) en erreur, rien n'a été importé"
                f" (rapport d'erreurs : import n° {ledger_import.pk})."
            )
        self.stdout.write(ledger_import.message)
