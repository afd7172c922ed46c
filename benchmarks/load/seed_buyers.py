"""The load test's accounts, after seed_demo: ``seed_buyers.py COUNT`` (run before each run).

- COUNT buyer accounts, each validated on one of the demo's establishments (round robin), as
  its administrator, with the demo password; e-mails ``acheteur-<n>@charge.example``;
- 5,000 subscribers (``abonne-<n>@charge.example``, active users of the same establishments)
  following one offer, the one the editor publishes during the run;
- a fresh read-only API token for each of the first ``API_CONSUMERS`` buyers;
- a recovery code for the demo superuser's second factor (the editor signs in to the admin).

Accounts are created once; tokens and the recovery code are new at each call. What the run
needs is written to ``$VAR_DIR/load-accounts.json`` (the tokens are seen only there)."""

import json
import os
import secrets
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken  # noqa: E402

from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role  # noqa: E402
from buyer_space.accounts.models import Affiliation, Profile  # noqa: E402
from buyer_space.api import services as api_tokens  # noqa: E402
from buyer_space.api.models import ApiToken  # noqa: E402
from buyer_space.notifications.models import Subscription  # noqa: E402
from catalogue.choices import OfferStatus  # noqa: E402
from catalogue.models import OfferPage  # noqa: E402
from catalogue.services.demo import ADMIN_USERNAME  # noqa: E402
from membership.establishments.models import Establishment  # noqa: E402

PASSWORD = "demo-espace-acheteur"  # noqa: S105 (the demo's)
SUBSCRIBERS = 5000
API_CONSUMERS = 20
API_TOKEN_LABEL = "test de charge"  # noqa: S105 (the tokens' name, not a secret)
DEVICE_NAME = "test de charge"


def _create_accounts(prefix, numbers, *, role, establishments):
    """Users, profiles and active affiliations, in three inserts; returns the users."""
    User = get_user_model()
    password = make_password(PASSWORD)
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            username=f"{prefix}-{number}@charge.example",
            email=f"{prefix}-{number}@charge.example",
            first_name=prefix.capitalize(),
            last_name=str(number),
            password=password,
        )
        for number in numbers
    )
    Profile.objects.bulk_create(
        Profile(
            user=user,
            civility=Civility.MR,
            function=Function.BUYER,
            phone="0123456789",
            service="Achats",
            job_title="Acheteur",
            email_confirmed_at=now,
            privacy_accepted_at=now,
        )
        for user in users
    )
    Affiliation.objects.bulk_create(
        Affiliation(
            user=user,
            establishment=establishments[number % len(establishments)],
            role=role,
            requested_role=role,
            status=AffiliationStatus.ACTIVE,
        )
        for number, user in zip(numbers, users, strict=True)
    )
    return users


def _missing(prefix, count):
    existing = set(
        get_user_model()
        .objects.filter(username__startswith=f"{prefix}-", username__endswith="@charge.example")
        .values_list("username", flat=True)
    )
    return [n for n in range(count) if f"{prefix}-{n}@charge.example" not in existing]


def editor_offer():
    """The offer the editor publishes: the first live offer running today."""
    return OfferPage.objects.live().with_status(OfferStatus.AVAILABLE).order_by("pk").first()


@transaction.atomic
def seed(count):
    establishments = list(Establishment.objects.order_by("pk"))
    _create_accounts(
        "acheteur", _missing("acheteur", count), role=Role.ADMIN, establishments=establishments
    )
    offer = editor_offer()
    subscribers = _create_accounts(
        "abonne", _missing("abonne", SUBSCRIBERS), role=Role.USER, establishments=establishments
    )
    Subscription.objects.bulk_create(Subscription(user=user, offer=offer) for user in subscribers)

    User = get_user_model()
    ApiToken.objects.filter(name=API_TOKEN_LABEL).delete()
    tokens = []
    for number in range(min(API_CONSUMERS, count)):
        user = User.objects.get(username=f"acheteur-{number}@charge.example")
        tokens.append(api_tokens.create_token(user=user, name=API_TOKEN_LABEL)[1])

    editor = User.objects.get(username=ADMIN_USERNAME)
    device, _created = StaticDevice.objects.get_or_create(user=editor, name=DEVICE_NAME)
    code = secrets.token_hex(4)
    device.token_set.all().delete()
    StaticToken.objects.create(device=device, token=code)
    return {
        "buyers": count,
        "api_tokens": tokens,
        "editor": {"username": ADMIN_USERNAME, "password": PASSWORD, "code": code},
        "offer": {
            "id": offer.pk,
            "url": offer.url,
            "subscribers": Subscription.objects.filter(offer=offer).count(),
        },
    }


if __name__ == "__main__":
    accounts = seed(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    path = Path(os.environ["VAR_DIR"]) / "load-accounts.json"
    path.write_text(json.dumps(accounts, indent=2))
    print(
        f"{path}: {accounts['buyers']} buyers, {len(accounts['api_tokens'])} API tokens, "
        f"offer {accounts['offer']['id']} followed by {accounts['offer']['subscribers']}"
    )
