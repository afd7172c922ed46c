"""Change detection on publication, and the fan-out: one notification and one e-mail per change
per subscriber, exactly once, and only about the documents the subscriber may see."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buyer_space.notifications import services as notifications
from buyer_space.notifications import tasks
from buyer_space.notifications.choices import NotificationKind
from buyer_space.notifications.models import Notification, OfferSnapshot
from catalogue.choices import DocumentVisibility
from espace_site.outbox.models import OutboxEmail
from tests.factories.buyer_space import AffiliationFactory
from tests.factories.membership import EstablishmentFactory

from .notification_helpers import (
    attach,
    detach,
    document,
    follow,
    make_offer,
    publish,
    replace_file,
)

pytestmark = pytest.mark.django_db

NEW_END = datetime.date(2028, 6, 30)


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0])


@pytest.fixture
def subscribers(world, offer):
    """The CH DE TEST admin and user follow the offer."""
    follow(world.admin, offer)
    follow(world.user, offer)
    mail.outbox.clear()
    return [world.admin, world.user]


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """``published(offer, **changes)``: publish, running what waits for the commit (the fan-out,
    then the e-mails)."""

    def _publish(offer, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return publish(offer, **changes)

    return _publish


def notifications_of(user):
    return list(Notification.objects.filter(user=user))


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_first_publication_only_records_the_snapshot(world, offer):
    snapshot = OfferSnapshot.objects.get(offer=offer)
    assert (snapshot.start_date, snapshot.end_date) == (offer.start_date, offer.end_date)
    assert snapshot.documents == {}
    assert snapshot.revision_id == offer.live_revision_id
    assert not Notification.objects.exists()


def test_a_first_publication_with_subscribers_sends_nothing(world, catalogue_index, published):
    """Even if accounts somehow follow it before (the snapshot is made, nothing is said)."""
    offer = make_offer(catalogue_index, world.families[1])
    OfferSnapshot.objects.filter(offer=offer).delete()
    follow(world.user, offer)
    published(offer, end_date=NEW_END)
    assert OfferSnapshot.objects.get(offer=offer).end_date == NEW_END
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_new_end_date_reaches_each_subscriber_once(world, offer, subscribers, published):
    published(offer, end_date=NEW_END)

    for user in subscribers:
        [notification] = notifications_of(user)
        assert notification.kind == NotificationKind.DATES
        assert notification.offer_id == offer.pk
        assert "du 15/01/2025 au 30/06/2028" in notification.message
        assert "auparavant du 15/01/2025 au 31/12/2027" in notification.message
        assert notification.read_at is None
    assert recipients() == sorted(user.email for user in subscribers)
    message = mail.outbox[0]
    assert "Titres restaurant" in message.subject
    assert "30/06/2028" in message.body
    assert "/mon-espace/notifications/" in message.body
    assert OfferSnapshot.objects.get(offer=offer).end_date == NEW_END


def test_a_new_start_date_is_a_change_of_dates(world, offer, subscribers, published):
    published(offer, start_date=datetime.date(2025, 3, 1))
    [notification] = notifications_of(world.user)
    assert notification.kind == NotificationKind.DATES
    assert "du 01/03/2025 au 31/12/2027" in notification.message
    assert len(mail.outbox) == 2


def test_both_dates_changed_at_once_make_one_change(world, offer, subscribers, published):
    published(offer, start_date=datetime.date(2025, 3, 1), end_date=NEW_END)
    assert len(notifications_of(world.user)) == 1
    assert len(mail.outbox) == 2


def test_a_document_added(world, offer, subscribers, published):
    attach(offer, document("CCAP"))
    published(offer)
    [notification] = notifications_of(world.user)
    assert notification.kind == NotificationKind.DOCUMENTS
    assert "Document ajouté : CCAP" in notification.message
    assert len(mail.outbox) == 2
    assert "Document ajouté : CCAP" in mail.outbox[0].body


def test_a_document_replaced(world, offer, subscribers, published):
    ccap = document("CCAP")
    attach(offer, ccap)
    published(offer)
    Notification.objects.all().delete()
    mail.outbox.clear()

    replace_file(ccap, b"%PDF-1.4 nouvelle version du CCAP")
    published(offer)

    [notification] = notifications_of(world.user)
    assert notification.message.endswith("Document remplacé : CCAP")
    assert len(mail.outbox) == 2


def test_a_document_removed(world, offer, subscribers, published):
    ccap = document("CCAP")
    attach(offer, ccap)
    published(offer)
    Notification.objects.all().delete()
    mail.outbox.clear()

    detach(offer, ccap)
    published(offer)

    [notification] = notifications_of(world.user)
    assert notification.message.endswith("Document retiré : CCAP")
    assert len(mail.outbox) == 2
    assert OfferSnapshot.objects.get(offer=offer).documents == {}


def test_a_deleted_document_is_announced_removed(world, offer, subscribers, published):
    ccap = document("CCAP")
    attach(offer, ccap)
    published(offer)
    Notification.objects.all().delete()

    ccap.delete()  # the link goes with it
    offer.refresh_from_db()
    published(offer)
    assert notifications_of(world.user)[0].message.endswith("Document retiré : CCAP")


def test_dates_and_documents_changed_together_are_two_changes(world, offer, subscribers, published):
    attach(offer, document("CCAP"), document("BPU"))
    published(offer, end_date=NEW_END)
    kinds = sorted(n.kind for n in notifications_of(world.user))
    assert kinds == [NotificationKind.DATES, NotificationKind.DOCUMENTS]
    documents_notification = Notification.objects.get(user=world.user, kind="documents")
    assert "Document ajouté : CCAP" in documents_notification.message
    assert "Document ajouté : BPU" in documents_notification.message
    assert len(mail.outbox) == 4


def test_no_change_sends_nothing(world, offer, subscribers, published):
    published(offer, summary="Un nouveau résumé, sans effet sur les dates ni les documents.")
    published(offer, title="Titres restaurant et cartes cadeaux")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_document_renamed_without_a_new_file_is_no_change(world, offer, subscribers, published):
    ccap = document("CCAP")
    attach(offer, ccap)
    published(offer)
    Notification.objects.all().delete()
    mail.outbox.clear()
    ccap.title = "CCAP (version signée)"
    ccap.save()
    published(offer)
    assert not Notification.objects.exists()


def test_the_same_revision_published_twice_notifies_once(
    world, offer, subscribers, published, django_capture_on_commit_callbacks
):
    revision = published(offer, end_date=NEW_END)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()  # the editor's publish retried
    assert Notification.objects.filter(user=world.user).count() == 1
    assert len(mail.outbox) == 2


def test_the_fan_out_run_twice_notifies_once(
    world, offer, subscribers, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(notifications, "dispatch_fan_out") as dispatch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish(offer, end_date=NEW_END)
    [(offer_info, changes), _] = dispatch.call_args
    assert not Notification.objects.exists()

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.fan_out_offer_changes.apply(args=(offer_info, changes))

    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.filter(key__startswith="offer-change:").count() == 2
    assert recipients() == sorted(user.email for user in subscribers)


def test_the_change_keys_do_not_depend_on_the_run(world, offer):
    before = notifications.offer_state(offer)
    after = {**before, "end_date": NEW_END.isoformat()}
    first = notifications.detect_changes(offer.pk, before, after, revision_id=7)
    again = notifications.detect_changes(offer.pk, before, after, revision_id=7)
    later = notifications.detect_changes(offer.pk, before, after, revision_id=8)
    assert first == again
    assert first[0]["key"] != later[0]["key"]  # the same change made again later is news again


def test_restricted_documents_reach_only_the_accounts_that_may_open_them(
    world, offer, catalogue_index, published
):
    family = world.families[0]
    outsider = AffiliationFactory(establishment=EstablishmentFactory(name="CH NON ADHÉRENT")).user
    for user in (world.admin, world.user, world.other_admin, outsider):
        follow(user, offer)
    mail.outbox.clear()

    attach(
        offer,
        document("Avis public"),
        document("CCAP", visibility=DocumentVisibility.FAMILY, family=family),
        document("Guide adhérent", visibility=DocumentVisibility.MEMBERS),
    )
    published(offer)

    def lines(user):
        [notification] = notifications_of(user)
        return notification.message.splitlines()[1:]

    # Admins of adherent establishments open every restricted document; a user without the
    # family right, the members-only ones; the account of a non-adherent establishment, none.
    assert lines(world.admin) == [
        "Document ajouté : Avis public",
        "Document ajouté : CCAP",
        "Document ajouté : Guide adhérent",
    ]
    assert lines(world.user) == [
        "Document ajouté : Avis public",
        "Document ajouté : Guide adhérent",
    ]
    assert lines(world.other_admin) == [
        "Document ajouté : Avis public",
        "Document ajouté : CCAP",
        "Document ajouté : Guide adhérent",
    ]
    assert lines(outsider) == ["Document ajouté : Avis public"]
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "CCAP" not in bodies[world.user.email]
    assert "Guide adhérent" not in bodies[outsider.email]
    assert "CCAP" in bodies[world.admin.email]


def test_a_change_of_restricted_documents_only_is_silent_for_the_others(
    world, offer, subscribers, published
):
    attach(offer, document("CCAP", visibility=DocumentVisibility.FAMILY, family=world.families[0]))
    published(offer)
    assert len(notifications_of(world.admin)) == 1
    assert notifications_of(world.user) == []
    assert recipients() == [world.admin.email]


def test_the_family_right_opens_the_family_documents(world, offer, subscribers, published):
    from tests.factories.buyer_space import FamilyRightFactory

    FamilyRightFactory(affiliation=world.affiliation(world.user), family=world.families[0])
    attach(offer, document("CCAP", visibility=DocumentVisibility.FAMILY, family=world.families[0]))
    published(offer)
    assert len(notifications_of(world.user)) == 1


def test_email_off_keeps_the_notification(world, offer, published):
    follow(world.user, offer, email=False)
    follow(world.admin, offer)
    mail.outbox.clear()
    published(offer, end_date=NEW_END)
    assert len(notifications_of(world.user)) == 1
    assert recipients() == [world.admin.email]


def test_accounts_that_no_longer_follow_hear_nothing(world, offer, subscribers, published):
    notifications.unsubscribe(world.user, offer.pk)
    follow(world.pending, offer)  # not an active account: the bell is refused to it
    inactive = AffiliationFactory(establishment=world.establishment).user
    follow(inactive, offer)
    inactive.is_active = False
    inactive.save()
    mail.outbox.clear()

    published(offer, end_date=NEW_END)

    assert [n.user_id for n in Notification.objects.all()] == [world.admin.pk]
    assert recipients() == [world.admin.email]


def test_a_deleted_offer_fans_out_nothing(world, offer, subscribers):
    before = notifications.offer_state(offer)
    changes = notifications.detect_changes(
        offer.pk, before, {**before, "end_date": NEW_END.isoformat()}
    )
    info = {"id": offer.pk + 1000, "title": "x", "reference": "x", "url": ""}
    assert notifications.fan_out(info, changes) == (0, 0)
    assert not Notification.objects.exists()


def test_the_fan_out_runs_inline_when_the_broker_is_down(world, offer, subscribers, published):
    from kombu.exceptions import OperationalError

    with mock.patch.object(
        tasks.fan_out_offer_changes, "apply_async", side_effect=OperationalError("refused")
    ):
        published(offer, end_date=NEW_END)
    assert Notification.objects.count() == 2


def test_the_fan_out_costs_the_same_queries_for_5_or_50_subscribers(
    world, offer, django_capture_on_commit_callbacks
):
    def run(end_date):
        with (
            mock.patch.object(notifications, "dispatch_fan_out") as dispatch,
            django_capture_on_commit_callbacks(execute=True),
        ):
            publish(offer, end_date=end_date)
        offer_info, changes = dispatch.call_args.args
        with (
            mock.patch.object(notifications.outbox, "dispatch"),
            CaptureQueriesContext(connection) as queries,
        ):
            made = notifications.fan_out(offer_info, changes)
        return made, len(queries)

    for _ in range(5):
        follow(AffiliationFactory(establishment=world.establishment).user, offer)
    (made_5, _emails), queries_5 = run(NEW_END)
    for _ in range(45):
        follow(AffiliationFactory(establishment=world.establishment).user, offer)
    (made_50, _emails), queries_50 = run(datetime.date(2029, 1, 1))

    assert (made_5, made_50) == (5, 50)
    assert queries_50 == queries_5
    assert Notification.objects.count() == 55
