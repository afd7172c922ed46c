"""The establishment forms: each bad input gives its French message and saves nothing."""

from decimal import Decimal

import pytest

from membership.establishments.choices import EntityRequestStatus, GroupRole
from membership.establishments.forms import (
    EntityRequestForm,
    EstablishmentAdminForm,
    EstablishmentGroupAdminForm,
)
from membership.establishments.models import EntityRequest, Establishment
from tests.factories.membership import (
    EntityRequestFactory,
    EstablishmentFactory,
    EstablishmentGroupFactory,
    RequesterFactory,
)

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"
# Wagtail's French catalogue translates Django's "This field is required." so.
REQUIRED = "Champ requis."
MARKUP = "Saisissez du texte simple, sans balises HTML (caractères « < » et « > »)."


def establishment_data(**overrides):
    data = {
        "name": "CH de Vierzon",
        "siret": "732 829 320 00074",
        "acronym": "CHV",
        "address": "33 rue Léo Mérigot",
        "city": "Vierzon",
        "postcode": "18100",
        "activity_domain": "sanitaire",
        "legal_status": "public",
        "revenue_title_method": "chorus",
        "annual_purchase_amount": "1 234 567,89",
        "is_member": "on",
        "member_since": "01/03/2021",
        "group": "",
        "group_role": "",
    }
    data.update(overrides)
    return data


def request_data(**overrides):
    data = establishment_data(**overrides)
    for name in ("is_member", "member_since", "group", "group_role"):
        data.pop(name)
    data.update(group_name="GHT Cher", group_role_label="Établissement partie")
    data.update(overrides)
    return data


class TestEstablishmentForm:
    def test_valid_input_is_normalised(self):
        form = EstablishmentAdminForm(data=establishment_data())

        assert form.is_valid(), form.errors
        establishment = form.save()
        assert establishment.siret == SIRET
        assert establishment.annual_purchase_amount == Decimal("1234567.89")
        assert establishment.member_since.isoformat() == "2021-03-01"

    def test_empty_amount_is_zero(self):
        form = EstablishmentAdminForm(data=establishment_data(annual_purchase_amount=""))

        assert form.is_valid(), form.errors
        assert form.save().annual_purchase_amount == 0

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            (
                "siret",
                "73282932000075",
                "Ce N° SIRET n'est pas valide : vérifiez les chiffres saisis.",
            ),
            ("siret", "7328293200007", "Le N° SIRET doit compter exactement 14 chiffres."),
            ("siret", "7328293200007" * 50, "Le N° SIRET doit compter exactement 14 chiffres."),
            ("siret", "", REQUIRED),
            ("postcode", "7500", "Le code postal doit compter 5 chiffres."),
            ("postcode", "75O13", "Le code postal doit compter 5 chiffres."),
            (
                "annual_purchase_amount",
                "-5",
                "Assurez-vous que cette valeur est supérieure ou égale à 0.",
            ),
            ("annual_purchase_amount", "beaucoup", "Saisissez un nombre."),
            (
                "name",
                "C" * 201,
                "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).",
            ),
            (
                "city",
                "V" * 121,
                "Assurez-vous que cette valeur comporte au plus 120 caractères (actuellement 121).",
            ),
            ("name", "", REQUIRED),
            ("name", "<script>alert(1)</script>CH", MARKUP),
            ("address", '<img src=x onerror="alert(1)">', MARKUP),
            ("acronym", "<b>CHV</b>", MARKUP),
            (
                "activity_domain",
                "inconnu",
                "Sélectionnez un choix valide. inconnu n’en fait pas partie.",
            ),
            ("group_role", GroupRole.MEMBER, "Un rôle au sein du GHT suppose de choisir le GHT."),
        ],
    )
    def test_bad_input_gives_its_message_and_saves_nothing(self, field, value, message):
        form = EstablishmentAdminForm(data=establishment_data(**{field: value}))

        assert not form.is_valid()
        assert message in form.errors[field]
        assert not Establishment.objects.exists()

    def test_text_with_angle_brackets_that_is_not_markup_is_kept(self):
        form = EstablishmentAdminForm(data=establishment_data(name="CH A < B & C > D"))

        assert form.is_valid(), form.errors
        assert form.save().name == "CH A < B & C > D"

    @pytest.mark.parametrize("typed", [SIRET, "732 829 320 00074", "732.829.320.00074"])
    def test_duplicate_siret_however_typed(self, typed):
        EstablishmentFactory(siret=SIRET, name="CH existant")

        form = EstablishmentAdminForm(data=establishment_data(siret=typed))

        assert not form.is_valid()
        assert form.errors["siret"] == ["Un établissement avec ce N° SIRET existe déjà."]
        assert Establishment.objects.get().name == "CH existant"

    def test_editing_keeps_its_own_siret(self):
        establishment = EstablishmentFactory(siret=SIRET)

        form = EstablishmentAdminForm(
            data=establishment_data(name="CH de Vierzon (nouveau nom)"), instance=establishment
        )

        assert form.is_valid(), form.errors
        form.save()
        establishment.refresh_from_db()
        assert establishment.name == "CH de Vierzon (nouveau nom)"

    def test_failed_edit_loses_nothing_already_saved(self):
        establishment = EstablishmentFactory(siret=SIRET, name="CH de Vierzon", postcode="18100")

        form = EstablishmentAdminForm(
            data=establishment_data(name="Autre nom", postcode="1"), instance=establishment
        )

        assert not form.is_valid()
        establishment.refresh_from_db()
        assert (establishment.name, establishment.postcode) == ("CH de Vierzon", "18100")

    def test_group_needs_a_role(self):
        group = EstablishmentGroupFactory()

        form = EstablishmentAdminForm(data=establishment_data(group=str(group.pk)))

        assert not form.is_valid()
        assert form.errors["group_role"] == ["Indiquez le rôle de l'établissement au sein du GHT."]


class TestGroupForm:
    def test_support_must_belong_to_the_group(self):
        group = EstablishmentGroupFactory(name="GHT Cher")
        outsider = EstablishmentFactory(
            group=EstablishmentGroupFactory(), group_role=GroupRole.SUPPORT
        )

        form = EstablishmentGroupAdminForm(
            data={"name": "GHT Cher", "support": str(outsider.pk)}, instance=group
        )

        assert not form.is_valid()
        assert "doit faire partie de ce GHT" in form.errors["support"][0]
        group.refresh_from_db()
        assert group.support is None

    def test_support_must_have_the_support_role(self):
        group = EstablishmentGroupFactory(name="GHT Cher")
        member = EstablishmentFactory(group=group, group_role=GroupRole.MEMBER)

        form = EstablishmentGroupAdminForm(
            data={"name": "GHT Cher", "support": str(member.pk)}, instance=group
        )

        assert not form.is_valid()
        assert "rôle « Établissement support »" in form.errors["support"][0]

    def test_a_new_group_cannot_have_a_support_yet(self):
        support = EstablishmentFactory()

        form = EstablishmentGroupAdminForm(data={"name": "GHT Neuf", "support": str(support.pk)})

        assert not form.is_valid()
        assert "doit faire partie de ce GHT" in form.errors["support"][0]

    def test_valid_support(self):
        group = EstablishmentGroupFactory(name="GHT Cher")
        support = EstablishmentFactory(group=group, group_role=GroupRole.SUPPORT)

        form = EstablishmentGroupAdminForm(
            data={"name": "GHT Cher", "support": str(support.pk)}, instance=group
        )

        assert form.is_valid(), form.errors
        assert form.save().support == support

    def test_duplicate_name(self):
        EstablishmentGroupFactory(name="GHT Cher")

        form = EstablishmentGroupAdminForm(data={"name": "GHT Cher", "support": ""})

        assert not form.is_valid()
        assert form.errors["name"] == ["Un GHT porte déjà ce nom."]


class TestEntityRequestForm:
    def test_fields_follow_the_guide(self):
        form = EntityRequestForm()

        labels = [(name, str(field.label), field.required) for name, field in form.fields.items()]

        assert labels == [
            ("name", "Nom de l'entité juridique", True),
            ("siret", "N° SIRET", True),
            ("acronym", "Sigle", False),
            ("address", "Adresse", True),
            ("city", "Ville", True),
            ("postcode", "Code postal", True),
            ("activity_domain", "Domaine d'activité", True),
            ("group_name", "GHT", False),
            ("group_role_label", "Rôle au sein du GHT", False),
            ("legal_status", "Statut de l'entité", True),
            ("revenue_title_method", "Méthode d'envoi des titres de recette", True),
            ("annual_purchase_amount", "Montant des dépenses achats (En €/TTC annuel)", False),
        ]
        html = form.as_div()
        assert 'placeholder="GHT, le cas échéant"' in html
        assert 'placeholder="Siret"' in html
        assert 'value="0"' in html

    def test_submission_is_saved_for_the_requester(self):
        requester = RequesterFactory()
        form = EntityRequestForm(data=request_data())

        assert form.is_valid(), form.errors
        entity_request = form.save(requester=requester, wants_admin_role=True)

        entity_request.refresh_from_db()
        assert entity_request.requester == requester
        assert entity_request.siret == SIRET
        assert entity_request.status == EntityRequestStatus.PENDING
        assert entity_request.wants_admin_role is True
        assert entity_request.group_name == "GHT Cher"
        assert entity_request.annual_purchase_amount == Decimal("1234567.89")

    def test_same_requester_and_siret_is_not_duplicated(self):
        requester = RequesterFactory()
        EntityRequestForm(data=request_data(), requester=requester).is_valid()
        first = EntityRequestForm(data=request_data(), requester=requester)
        assert first.is_valid()
        first.save()

        second = EntityRequestForm(
            data=request_data(siret="73282932000074", city="Vierzon-Ville"), requester=requester
        )
        assert second.is_valid(), second.errors
        second.save()

        entity_request = EntityRequest.objects.get()
        assert entity_request.city == "Vierzon-Ville"
        assert entity_request.pk == first.instance.pk

    def test_other_requesters_and_reviewed_requests_do_not_block(self):
        requester = RequesterFactory()
        EntityRequestFactory(requester=requester, siret=SIRET, status=EntityRequestStatus.REFUSED)
        for user in (requester, RequesterFactory()):
            form = EntityRequestForm(data=request_data(), requester=user)
            assert form.is_valid(), form.errors
            form.save()

        assert EntityRequest.objects.filter(status=EntityRequestStatus.PENDING).count() == 2

    def test_known_siret_points_to_the_list(self):
        EstablishmentFactory(siret=SIRET, name="CH de Vierzon", acronym="CHV")

        form = EntityRequestForm(data=request_data(siret="732 829 320 00074"))

        assert not form.is_valid()
        assert "« CH de Vierzon (CHV) » porte déjà ce N° SIRET" in form.errors["siret"][0]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            (
                "siret",
                "12345678901234",
                "Ce N° SIRET n'est pas valide : vérifiez les chiffres saisis.",
            ),
            ("postcode", "123", "Le code postal doit compter 5 chiffres."),
            ("group_name", "<a href='x'>GHT</a>", MARKUP),
            ("legal_status", "", REQUIRED),
            (
                "group_name",
                "G" * 201,
                "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).",
            ),
        ],
    )
    def test_bad_input(self, field, value, message):
        form = EntityRequestForm(data=request_data(**{field: value}), requester=RequesterFactory())

        assert not form.is_valid()
        assert message in form.errors[field]
        assert not EntityRequest.objects.exists()

    def test_save_needs_the_requester(self):
        form = EntityRequestForm(data=request_data())
        assert form.is_valid()

        with pytest.raises(ValueError):
            form.save()
