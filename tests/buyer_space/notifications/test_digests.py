"""The daily and weekly digests: the general choice and the per-offer one, each change listed
once, nothing sent twice, and the beat entries that run them."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buyer_space.notifications import digests
from buyer_space.notifications import services as notifications
from buyer_space.notifications.choices import EmailFrequency
from buyer_space.notifications.models import Notification, NotificationPreference, Subscription

from .notification_helpers import follow, make_offer, publish

pytestmark = pytest.mark.django_db

PREFERENCES_URL = "/mon-espace/notifications/preferences/"


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0])


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    def _publish(offer, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return publish(offer, **changes)

    return _publish


def run(frequency, django_capture_on_commit_callbacks, now=None):
    with django_capture_on_commit_callbacks(execute=True):
        return digests.send_digests(frequency, now=now)


def test_an_immediate_subscriber_gets_one_email_per_change_and_no_digest(
    world, offer, published, django_capture_on_commit_callbacks
):
    follow(world.user, offer)
    mail.outbox.clear()
    published(offer, end_date=datetime.date(2028, 6, 30))
    assert [message.to for message in mail.outbox] == [[world.user.email]]
    mail.outbox.clear()
    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 0
    assert run(EmailFrequency.WEEKLY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_daily_digest_lists_each_change_once(
    world, offer, published, django_capture_on_commit_callbacks
):
    notifications.set_general_frequency(world.user, EmailFrequency.DAILY)
    follow(world.user, offer)
    mail.outbox.clear()
    published(offer, end_date=datetime.date(2028, 6, 30))
    published(offer, start_date=datetime.date(2025, 2, 1))
    assert mail.outbox == []  # nothing at once: the digest will say it
    assert Notification.objects.filter(user=world.user).count() == 2

    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [world.user.email]
    assert "quotidien" in message.subject.lower()
    assert message.body.count("Voir l'offre : ") == 2
    assert "30/06/2028" in message.body
    assert "01/02/2025" in message.body
    assert reverse("buyer_space:notification_preferences") in message.body

    # Run again (a retry, a second beat): nothing is sent twice.
    mail.outbox.clear()
    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []

    # A later change appears in the next digest, alone.
    published(offer, end_date=datetime.date(2029, 1, 31))
    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.body.count("Voir l'offre : ") == 1
    assert "31/01/2029" in message.body


def test_the_weekly_digest_ignores_daily_subscribers(
    world, offer, published, django_capture_on_commit_callbacks
):
    notifications.set_general_frequency(world.user, EmailFrequency.DAILY)
    notifications.set_general_frequency(world.admin, EmailFrequency.WEEKLY)
    follow(world.user, offer)
    follow(world.admin, offer)
    published(offer, end_date=datetime.date(2028, 6, 30))
    mail.outbox.clear()
    assert run(EmailFrequency.WEEKLY, django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[world.admin.email]]
    assert "hebdomadaire" in mail.outbox[0].subject.lower()


def test_a_subscription_frequency_overrides_the_general_choice(
    world, offer, catalogue_index, published, django_capture_on_commit_callbacks
):
    """Weekly for this offer, immediate in general: no e-mail at once for it, but for others."""
    other = make_offer(catalogue_index, world.families[1])
    weekly = follow(world.user, offer)
    weekly.email_frequency = EmailFrequency.WEEKLY
    weekly.save()
    follow(world.user, other)
    mail.outbox.clear()
    published(offer, end_date=datetime.date(2028, 6, 30))
    assert mail.outbox == []
    published(other, end_date=datetime.date(2028, 7, 31))
    assert len(mail.outbox) == 1
    mail.outbox.clear()
    assert run(EmailFrequency.WEEKLY, django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert "30/06/2028" in message.body
    assert "31/07/2028" not in message.body


def test_no_digest_with_emails_off_or_for_an_inactive_account(
    world, offer, published, django_capture_on_commit_callbacks
):
    notifications.set_general_frequency(world.user, EmailFrequency.DAILY)
    notifications.set_general_frequency(world.admin, EmailFrequency.DAILY)
    follow(world.user, offer, email=False)
    follow(world.admin, offer)
    published(offer, end_date=datetime.date(2028, 6, 30))
    type(world.admin).objects.filter(pk=world.admin.pk).update(is_active=False)
    mail.outbox.clear()
    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_changes_older_than_the_window_are_not_sent(
    world, offer, published, django_capture_on_commit_callbacks
):
    """An account that just chose the daily digest is not sent months of history."""
    follow(world.user, offer, email=False)
    published(offer, end_date=datetime.date(2028, 6, 30))
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    notifications.set_general_frequency(world.user, EmailFrequency.DAILY)
    Subscription.objects.filter(user=world.user).update(email_enabled=True)
    mail.outbox.clear()
    assert run(EmailFrequency.DAILY, django_capture_on_commit_callbacks) == 0


def test_the_general_choice_from_the_preferences(world, offer, login):
    follow(world.user, offer)
    client = login(world.user)
    page = client.get(PREFERENCES_URL).content.decode()
    assert "Recevoir les e-mails de notification" in page
    assert 'value="immediat" id="id_frequence_0" required checked' in page
    url = reverse("buyer_space:update_general_frequency")
    response = client.post(url, {"frequence": "hebdomadaire"}, follow=True)
    assert NotificationPreference.objects.get(user=world.user).email_frequency == "hebdomadaire"
    assert "un résumé par semaine" in response.content.decode().lower()


def test_an_unknown_general_choice_changes_nothing(world, login):
    notifications.set_general_frequency(world.user, EmailFrequency.DAILY)
    client = login(world.user)
    url = reverse("buyer_space:update_general_frequency")
    response = client.post(url, {"frequence": "chaque-minute"}, follow=True)
    assert response.status_code == 200
    assert "Choisissez une fréquence proposée" in response.content.decode()
    assert notifications.general_frequency(world.user) == EmailFrequency.DAILY


@pytest.mark.parametrize(
    ("profile", "allowed"),
    [
        ("anonymous", False),
        ("pending", True),
        ("user", True),
        ("other_admin", True),
        ("admin", True),
        ("ght_admin", True),
        ("staff", True),
    ],
)
def test_who_may_choose_the_general_frequency(world, login, client, profile, allowed):
    """Like the preferences page it is on: every logged-in account."""
    account = world.account(profile)
    client = login(account) if account else client
    url = reverse("buyer_space:update_general_frequency")
    response = client.post(url, {"frequence": "quotidien"})
    if allowed:
        assert response.status_code == 302
        assert NotificationPreference.objects.get(user=account).email_frequency == "quotidien"
    else:
        assert response.status_code == 302
        assert "/compte/connexion/" in response["Location"]
        assert not NotificationPreference.objects.exists()


def test_one_offers_frequency_from_the_preferences(world, offer, login):
    subscription = follow(world.user, offer)
    client = login(world.user)
    url = reverse("buyer_space:update_subscription", args=[subscription.pk])
    client.post(url, {"action": "frequency", "frequence": "quotidien"})
    subscription.refresh_from_db()
    assert subscription.email_frequency == "quotidien"
    page = client.get(PREFERENCES_URL).content.decode()
    assert '<option value="quotidien" selected>' in page

    client.post(url, {"action": "frequency", "frequence": ""})
    subscription.refresh_from_db()
    assert subscription.email_frequency == ""

    response = client.post(url, {"action": "frequency", "frequence": "annuel"}, follow=True)
    assert "Choisissez une fréquence proposée" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.email_frequency == ""


def test_another_accounts_subscription_frequency_is_not_found(world, offer, login):
    subscription = follow(world.admin, offer)
    url = reverse("buyer_space:update_subscription", args=[subscription.pk])
    response = login(world.user).post(url, {"action": "frequency", "frequence": "quotidien"})
    assert response.status_code == 404
    subscription.refresh_from_db()
    assert subscription.email_frequency == ""


def test_the_beat_runs_both_digests():
    entries = {
        entry["args"]: entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "buyer_space.notifications.tasks.send_digests"
    }
    assert set(entries) == {("quotidien",), ("hebdomadaire",)}
    weekly = entries[("hebdomadaire",)]["schedule"]
    assert weekly.day_of_week == {1}
    daily = entries[("quotidien",)]["schedule"]
    assert daily.hour == {7} and len(daily.day_of_week) == 7
