"""What the membership plugin adds to the project's settings (``espace_site.settings.plugins``)."""

INSTALLED_APPS = [
    "membership.establishments",
    "membership.contracts",
    "membership.deposits",
]
