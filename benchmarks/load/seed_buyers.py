"""A few hundred buyer accounts for the load test: ``seed_buyers.py COUNT`` (after seed_demo).

Each is validated on one of the demo's establishments (round robin), as its administrator, with
the demo password; e-mails ``acheteur-<n>@charge.example``. Idempotent."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role  # noqa: E402
from buyer_space.accounts.models import Affiliation, Profile  # noqa: E402
from membership.establishments.models import Establishment  # noqa: E402

PASSWORD = "demo-espace-acheteur"  # noqa: S105 (the demo's)


@transaction.atomic
def seed(count):
    User = get_user_model()
    establishments = list(Establishment.objects.order_by("pk"))
    password = make_password(PASSWORD)
    now = timezone.now()
    existing = set(
        User.objects.filter(username__endswith="@charge.example").values_list("username", flat=True)
    )
    for number in range(count):
        email = f"acheteur-{number}@charge.example"
        if email in existing:
            continue
        user = User.objects.create(
            username=email,
            email=email,
            first_name="Acheteur",
            last_name=str(number),
            password=password,
        )
        Profile.objects.create(
            user=user,
            civility=Civility.MR,
            function=Function.BUYER,
            phone="01 23 45 67 89",
            service="Achats",
            job_title="Acheteur",
            email_confirmed_at=now,
            privacy_accepted_at=now,
        )
        Affiliation.objects.create(
            user=user,
            establishment=establishments[number % len(establishments)],
            role=Role.ADMIN,
            requested_role=Role.ADMIN,
            status=AffiliationStatus.ACTIVE,
        )


if __name__ == "__main__":
    seed(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
