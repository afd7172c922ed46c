"""Entity requests reviewed by the centre in the Wagtail admin: accept, refuse, rights."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from buyer_space.accounts.signals import record_entity_refusal
from espace_site.outbox.models import OutboxEmail
from membership.establishments.choices import EntityRequestStatus, GroupRole
from membership.establishments.models import Establishment
from membership.establishments.services.entity_requests import (
    accept_entity_request,
    refuse_entity_request,
)
from membership.establishments.signals import entity_request_accepted, entity_request_refused
from tests.factories.membership import (
    EntityRequestFactory,
    EstablishmentFactory,
    EstablishmentGroupFactory,
    RequesterFactory,
)

pytestmark = pytest.mark.django_db

INDEX = "establishments_entityrequest_modeladmin_index"
EDIT = "establishments_entityrequest_modeladmin_edit"
CREATE = "establishments_entityrequest_modeladmin_create"
REVIEW = "establishments_entityrequest_review"
ACCEPTED = {"decision": "accepter"}


def refused(reason):
    return {"decision": "refuser", "reason": reason}


REASON = "Votre structure n'est pas éligible : elle ne relève pas du secteur sanitaire ou social."


@pytest.fixture
def received():
    """The membership signals sent during the test, with their arguments."""
    events = []

    def on_accepted(sender, **kwargs):
        events.append(("accepted", kwargs))

    def on_refused(sender, **kwargs):
        events.append(("refused", kwargs))

    entity_request_accepted.connect(on_accepted, weak=False, dispatch_uid="test-accepted")
    entity_request_refused.connect(on_refused, weak=False, dispatch_uid="test-refused")
    yield events
    entity_request_accepted.disconnect(dispatch_uid="test-accepted")
    entity_request_refused.disconnect(dispatch_uid="test-refused")


@pytest.fixture
def pending():
    return EntityRequestFactory(
        name="CH de Vierzon",
        acronym="CHV",
        city="Vierzon",
        postcode="18100",
        requester=RequesterFactory(email="c.martin@ch-vierzon.example"),
        wants_admin_role=True,
    )


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


class TestList:
    def test_status_filter_and_review_buttons(self, admin_client, pending):
        EntityRequestFactory(name="EHPAD déjà refusé", status=EntityRequestStatus.REFUSED)

        response = admin_client.get(reverse(INDEX), {"status__exact": EntityRequestStatus.PENDING})

        assert response.status_code == 200
        content = response.content.decode()
        assert "CH de Vierzon" in content
        assert "EHPAD déjà refusé" not in content
        assert "c.martin@ch-vierzon.example" in content
        assert reverse(REVIEW, args=[pending.pk]) in content
        assert "Accepter ou refuser" in content

    def test_staff_cannot_create_nor_edit_a_reviewed_request(self, admin_client):
        refused = EntityRequestFactory(status=EntityRequestStatus.REFUSED)

        assert admin_client.get(reverse(CREATE)).status_code in (302, 403)
        assert admin_client.get(reverse(EDIT, args=[refused.pk])).status_code in (302, 403)

    def test_pending_request_can_be_corrected(self, admin_client, pending):
        assert admin_client.get(reverse(EDIT, args=[pending.pk])).status_code == 200
        data = {
            "name": pending.name,
            "siret": " ".join([pending.siret[:3], pending.siret[3:9], pending.siret[9:]]),
            "acronym": pending.acronym,
            "address": pending.address,
            "postcode": pending.postcode,
            "city": "Vierzon Centre",
            "activity_domain": pending.activity_domain,
            "legal_status": pending.legal_status,
            "group_name": "",
            "group_role_label": "",
            "revenue_title_method": pending.revenue_title_method,
            "annual_purchase_amount": "1 000,50",
            "wants_admin_role": "on",
        }

        response = admin_client.post(reverse(EDIT, args=[pending.pk]), data)

        assert response.status_code == 302
        pending.refresh_from_db()
        assert pending.city == "Vierzon Centre"
        assert str(pending.annual_purchase_amount) == "1000.50"
        assert pending.status == EntityRequestStatus.PENDING

    def test_review_page(self, admin_client, pending):
        response = admin_client.get(reverse(REVIEW, args=[pending.pk]))

        assert response.status_code == 200
        content = response.content.decode()
        assert '<button type="submit" name="decision" value="accepter"' in content
        assert '<button type="submit" name="decision" value="refuser"' in content
        assert 'name="csrfmiddlewaretoken"' in content
        assert "Motif du refus" in content
        assert "c.martin@ch-vierzon.example" in content

    def test_review_page_escapes_markup(self, admin_client):
        entity_request = EntityRequestFactory(name="<img src=x onerror=alert(1)>")

        response = admin_client.get(reverse(REVIEW, args=[entity_request.pk]))

        assert "<img src=x" not in response.content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()

    def test_unknown_request_is_404(self, admin_client):
        assert admin_client.get(reverse(REVIEW, args=[999999])).status_code == 404
        assert admin_client.post(reverse(REVIEW, args=[999999]), ACCEPTED).status_code == 404


class TestAccept:
    def test_accept_creates_the_establishment(self, admin_client, admin_user, pending, received):
        response = admin_client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED)

        assert response.status_code == 302
        pending.refresh_from_db()
        establishment = Establishment.objects.get(siret=pending.siret)
        assert (establishment.name, establishment.acronym, establishment.city) == (
            "CH de Vierzon",
            "CHV",
            "Vierzon",
        )
        assert establishment.is_member is False
        assert pending.status == EntityRequestStatus.ACCEPTED
        assert pending.establishment == establishment
        assert pending.reviewed_by == admin_user
        assert pending.reviewed_at is not None
        assert [name for name, _ in received] == ["accepted"]
        assert received[0][1]["establishment"] == establishment
        assert received[0][1]["entity_request"].pk == pending.pk

    def test_second_accept_is_harmless(self, admin_client, pending, received):
        admin_client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED)

        response = admin_client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED, follow=True)

        assert response.status_code == 200
        assert "déjà été traitée" in response.content.decode()
        assert Establishment.objects.count() == 1
        assert [name for name, _ in received] == ["accepted"]

    def test_existing_siret_attaches_instead_of_failing(self, admin_client, pending, received):
        existing = EstablishmentFactory(siret=pending.siret, name="CH de Vierzon (existant)")

        response = admin_client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED, follow=True)

        assert response.status_code == 200
        assert "existait déjà" in response.content.decode()
        assert Establishment.objects.count() == 1
        pending.refresh_from_db()
        assert pending.establishment == existing
        assert received[0][1]["establishment"] == existing

    def test_known_group_is_matched_by_name(self):
        group = EstablishmentGroupFactory(name="GHT du Cher")
        entity_request = EntityRequestFactory(group_name="  ght du cher ")

        outcome = accept_entity_request(entity_request.pk, None)

        establishment = outcome.entity_request.establishment
        assert (establishment.group, establishment.group_role) == (group, GroupRole.MEMBER)

    def test_failing_receiver_rolls_everything_back(self, pending):
        def broken(sender, **kwargs):
            raise RuntimeError("receiver failed")

        entity_request_accepted.connect(broken, weak=False, dispatch_uid="test-broken")
        try:
            with pytest.raises(RuntimeError):
                accept_entity_request(pending.pk, None)
        finally:
            entity_request_accepted.disconnect(dispatch_uid="test-broken")

        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.PENDING
        assert not Establishment.objects.exists()

    @pytest.mark.parametrize("decision", [{}, {"decision": "supprimer"}])
    def test_a_post_without_a_known_decision_changes_nothing(self, admin_client, pending, decision):
        response = admin_client.post(reverse(REVIEW, args=[pending.pk]), decision)

        assert response.status_code == 200
        assert "Choisissez d&#x27;accepter ou de refuser." in response.content.decode()
        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.PENDING

    def test_csrf_is_required(self, admin_user, pending):
        client = Client(enforce_csrf_checks=True)
        client.force_login(admin_user)

        response = client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED)

        assert response.status_code == 403
        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.PENDING


class TestRefuse:
    def test_refuse_mails_the_reason(
        self, admin_client, pending, received, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse(REVIEW, args=[pending.pk]), refused(REASON))

        assert response.status_code == 302
        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.REFUSED
        assert pending.reason == REASON
        assert pending.establishment is None
        assert not Establishment.objects.exists()
        assert [name for name, _ in received] == ["refused"]
        [message] = mails_to("c.martin@ch-vierzon.example")
        assert "CH de Vierzon" in message.subject
        assert REASON in message.body
        assert "&#x27;" not in message.body + message.subject
        assert pending.siret in message.body

    def test_the_refusal_email_goes_through_the_outbox_once(
        self, pending, django_capture_on_commit_callbacks
    ):
        staff = RequesterFactory(email="centrale@example.fr", is_staff=True)
        with django_capture_on_commit_callbacks(execute=True):
            refuse_entity_request(pending.pk, staff, REASON)
        with django_capture_on_commit_callbacks(execute=True):
            refuse_entity_request(pending.pk, staff, "Une seconde fois")

        [row] = OutboxEmail.objects.all()
        assert row.template_prefix == "establishments/emails/entity_request_refused"
        assert row.key == f"entity-request-refused:{pending.pk}"
        assert row.sent_at is not None
        assert len(mails_to("c.martin@ch-vierzon.example")) == 1

    def test_the_refusal_email_goes_through_the_outbox_without_the_buyer_space(
        self, pending, received, django_capture_on_commit_callbacks
    ):
        """The e-mail does not depend on the buyer space's receiver (the audit log): with it
        disconnected, the refusal still queues one outbox e-mail, sent once."""
        uid = "buyer_space.record_entity_refusal"
        assert entity_request_refused.disconnect(dispatch_uid=uid)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                refuse_entity_request(pending.pk, None, REASON)
        finally:
            entity_request_refused.connect(record_entity_refusal, dispatch_uid=uid)

        assert [name for name, _ in received] == ["refused"]
        [row] = OutboxEmail.objects.all()
        assert row.key == f"entity-request-refused:{pending.pk}"
        assert row.sent_at is not None
        [message] = mails_to("c.martin@ch-vierzon.example")
        assert REASON in message.body

    def test_mail_waits_for_the_commit(
        self, admin_client, pending, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            admin_client.post(reverse(REVIEW, args=[pending.pk]), refused(REASON))

        assert mails_to("c.martin@ch-vierzon.example") == []
        assert callbacks

    @pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
    def test_reason_is_required_and_bounded(self, admin_client, pending, reason):
        response = admin_client.post(reverse(REVIEW, args=[pending.pk]), refused(reason))

        assert response.status_code == 200
        content = response.content.decode()
        assert (
            "Indiquez le motif du refus" in content
            or "Assurez-vous que cette valeur comporte au plus 2000 caractères" in content
        )
        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.PENDING
        assert mail.outbox == []

    def test_refusing_an_accepted_request_does_nothing(
        self, admin_client, pending, received, django_capture_on_commit_callbacks
    ):
        admin_client.post(reverse(REVIEW, args=[pending.pk]), ACCEPTED)

        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse(REVIEW, args=[pending.pk]), refused(REASON), follow=True
            )

        assert "déjà été traitée" in response.content.decode()
        pending.refresh_from_db()
        assert pending.status == EntityRequestStatus.ACCEPTED
        assert [name for name, _ in received] == ["accepted"]
        assert not any(REASON in message.body for message in mail.outbox)

    def test_second_refusal_sends_no_second_mail(self, pending, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            first = refuse_entity_request(pending.pk, None, REASON)
            second = refuse_entity_request(pending.pk, None, "Autre motif")

        assert (first.changed, second.changed) == (True, False)
        assert len(mails_to("c.martin@ch-vierzon.example")) == 1
        pending.refresh_from_db()
        assert pending.reason == REASON


# (profile fixture, expected: allowed or refused) for each review action.
PROFILES = [
    ("anonymous", False),
    ("buyer", False),
    ("staff_without_permission", False),
    ("reviewer", True),
    ("admin_user", True),
]


@pytest.fixture
def acting_client(request, client):
    def login(profile):
        if profile != "anonymous":
            client.force_login(request.getfixturevalue(profile))
        return client

    return login


class TestRights:
    @pytest.mark.parametrize(("profile", "allowed"), PROFILES)
    def test_review_page(self, acting_client, pending, profile, allowed):
        response = acting_client(profile).get(reverse(REVIEW, args=[pending.pk]))

        if allowed:
            assert response.status_code == 200
        else:
            assert response.status_code in (302, 403)
            assert b"CH de Vierzon" not in response.content

    @pytest.mark.parametrize(("profile", "allowed"), PROFILES)
    def test_accept(self, acting_client, pending, received, profile, allowed):
        response = acting_client(profile).post(reverse(REVIEW, args=[pending.pk]), ACCEPTED)

        pending.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert pending.status == EntityRequestStatus.ACCEPTED
        else:
            assert response.status_code in (302, 403)
            assert pending.status == EntityRequestStatus.PENDING
            assert not Establishment.objects.exists()
            assert received == []

    @pytest.mark.parametrize(("profile", "allowed"), PROFILES)
    def test_refuse(self, acting_client, pending, received, profile, allowed):
        response = acting_client(profile).post(reverse(REVIEW, args=[pending.pk]), refused(REASON))

        pending.refresh_from_db()
        assert response.status_code in (302, 403)
        expected = EntityRequestStatus.REFUSED if allowed else EntityRequestStatus.PENDING
        assert pending.status == expected
        assert bool(received) is allowed

    def test_permission_is_a_named_rule(self, reviewer, staff_without_permission, buyer):
        assert reviewer.has_perm("establishments.review_entity_requests")
        assert not staff_without_permission.has_perm("establishments.review_entity_requests")
        assert not buyer.has_perm("establishments.review_entity_requests")
        reviewer.is_active = False
        assert not reviewer.has_perm("establishments.review_entity_requests")

    def test_the_model_permissions_without_staff_status_are_not_enough(self, reviewer):
        reviewer.is_staff = False
        reviewer.save(update_fields=["is_staff"])

        assert not reviewer.has_perm("establishments.review_entity_requests")
