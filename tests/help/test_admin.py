"""Editors manage correspondents as snippets and create every help page type in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from catalogue.models import CatalogueIndexPage, HomePage, OfferCalendarPage
from help.choices import Region
from help.models import (
    ContactPage,
    HelpIndexPage,
    HelpPage,
    RegionalCorrespondent,
    WebconferenceIndexPage,
    WebconferencePage,
)
from tests.factories.catalogue import HomePageFactory
from tests.factories.help import (
    HelpIndexPageFactory,
    RegionalCorrespondentFactory,
    WebconferenceIndexPageFactory,
)

LIST_URL = "wagtailsnippets_help_regionalcorrespondent:list"
ADD_URL = "wagtailsnippets_help_regionalcorrespondent:add"


@pytest.mark.django_db
class TestCorrespondentSnippets:
    def test_list_shows_region_labels_in_order(self, admin_client):
        RegionalCorrespondentFactory(region=Region.GRAND_EST, name="Claire Weber", sort_order=2)
        RegionalCorrespondentFactory(region=Region.BRETAGNE, name="Yann Le Goff", sort_order=1)

        response = admin_client.get(reverse(LIST_URL))

        assert response.status_code == 200
        content = response.content.decode()
        assert "Correspondants régionaux" in content
        assert content.index("Yann Le Goff") < content.index("Claire Weber")
        assert "Grand Est" in content and "Bretagne" in content

    def test_search_by_name(self, admin_client):
        RegionalCorrespondentFactory(name="Claire Weber")
        RegionalCorrespondentFactory(name="Yann Le Goff")

        response = admin_client.get(reverse(LIST_URL), {"q": "weber"})

        assert response.status_code == 200
        assert "Claire Weber" in response.content.decode()
        assert "Yann Le Goff" not in response.content.decode()

    def test_filter_by_region(self, admin_client):
        RegionalCorrespondentFactory(region=Region.GRAND_EST, name="Claire Weber")
        RegionalCorrespondentFactory(region=Region.BRETAGNE, name="Yann Le Goff")

        response = admin_client.get(reverse(LIST_URL), {"region": Region.BRETAGNE})

        assert response.status_code == 200
        assert "Yann Le Goff" in response.content.decode()
        assert "Claire Weber" not in response.content.decode()

    def test_garbage_filter_does_not_fail(self, admin_client):
        response = admin_client.get(reverse(LIST_URL), {"region": "zzz", "ordering": "nope"})

        assert response.status_code == 200

    def test_create(self, admin_client):
        response = admin_client.post(
            reverse(ADD_URL),
            {
                "region": Region.NORMANDIE,
                "name": "Luc Lefèvre",
                "email": "l.lefevre@centrale.example",
                "phone": "02 31 00 00 00",
                "sort_order": "3",
            },
        )

        assert response.status_code == 302
        correspondent = RegionalCorrespondent.objects.get()
        assert (correspondent.region, correspondent.name) == (Region.NORMANDIE, "Luc Lefèvre")

    def test_create_rejects_a_bad_email_with_a_message(self, admin_client):
        response = admin_client.post(
            reverse(ADD_URL), {"region": Region.NORMANDIE, "name": "X", "email": "pas-un-email"}
        )

        assert response.status_code == 200
        assert not RegionalCorrespondent.objects.exists()
        assert "Saisissez une adresse e-mail valide" in response.content.decode()

    def test_export_as_csv(self, admin_client):
        RegionalCorrespondentFactory(name="Claire Weber", region=Region.GRAND_EST)

        response = admin_client.get(reverse(LIST_URL), {"export": "csv"})

        assert response.status_code == 200
        csv = response.getvalue().decode()
        assert "Claire Weber" in csv
        assert "Grand Est" in csv


class TestHelpPageTypes(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        cls.home = HomePageFactory(parent=root)
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=cls.home, is_default_site=True)
        cls.help_index = HelpIndexPageFactory(parent=cls.home)
        cls.user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def test_allowed_parent_and_subpage_types(self):
        self.assertAllowedParentPageTypes(HelpIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            HelpIndexPage, {HelpPage, WebconferenceIndexPage, ContactPage}
        )
        self.assertAllowedParentPageTypes(HelpPage, {HelpIndexPage, HelpPage})
        self.assertAllowedSubpageTypes(HelpPage, {HelpPage})
        self.assertAllowedParentPageTypes(WebconferenceIndexPage, {HelpIndexPage})
        self.assertAllowedSubpageTypes(WebconferenceIndexPage, {WebconferencePage})
        self.assertAllowedParentPageTypes(WebconferencePage, {WebconferenceIndexPage})
        self.assertAllowedSubpageTypes(WebconferencePage, set())
        self.assertAllowedParentPageTypes(ContactPage, {HelpIndexPage})
        self.assertAllowedSubpageTypes(ContactPage, set())
        self.assertCanNotCreateAt(CatalogueIndexPage, HelpPage)
        self.assertCanNotCreateAt(OfferCalendarPage, WebconferencePage)

    def test_create_help_page(self):
        self.assertCanCreate(
            self.help_index,
            HelpPage,
            nested_form_data(
                {
                    "title": "Adhésion à la centrale d'achat",
                    "intro": "Les démarches à suivre pour adhérer.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Les étapes", "level": "h2"}),
                            ("paragraph", rich_text("<p>Votre établissement délibère.</p>")),
                        ]
                    ),
                }
            ),
        )
        page = HelpPage.objects.get(slug="adhesion-a-la-centrale-dachat")
        assert page.live
        assert [block.block_type for block in page.body] == ["heading", "paragraph"]
        assert "Votre établissement délibère." in page.body[1].value.source

    def test_create_webconference_index_and_session(self):
        self.assertCanCreate(
            self.help_index,
            WebconferenceIndexPage,
            nested_form_data(
                {"title": "Les webconférences", "intro": rich_text("<p>Bienvenue</p>")}
            ),
        )
        index = WebconferenceIndexPage.objects.get()
        self.assertCanCreate(
            index,
            WebconferencePage,
            nested_form_data(
                {
                    "title": "Les nouvelles offres 2025",
                    "starts_at": "2025-01-15 14:00",
                    "duration_minutes": "90",
                    "description": rich_text("<p>Présentation des nouvelles offres.</p>"),
                    "registration_url": "https://inscription.example/2025",
                    "replay_url": "",
                }
            ),
        )
        session = WebconferencePage.objects.get()
        assert (session.starts_at.hour, session.duration_minutes) == (13, 90)  # 14h in Paris

    def test_only_one_webconference_index(self):
        WebconferenceIndexPageFactory(parent=self.help_index)

        self.assertFalse(WebconferenceIndexPage.can_create_at(self.help_index))

    def test_create_contact_page(self):
        self.assertCanCreate(
            self.help_index,
            ContactPage,
            nested_form_data(
                {
                    "title": "Vos contacts",
                    "intro": rich_text(""),
                    "correspondent_role": rich_text("<ul><li>Représentant régional</li></ul>"),
                    "director_name": "Yolande Lerebourg",
                    "director_email": "y.lerebourg@centrale.example",
                    "director_phone": "",
                    "team_description": rich_text("<p>Un interlocuteur quotidien.</p>"),
                    "team_email": "relation.adherents@centrale.example",
                    "team_phone": "01 40 00 00 00",
                    "contact_us": rich_text("<p>Écrivez-nous.</p>"),
                }
            ),
        )
        page = ContactPage.objects.get()
        assert page.director_name == "Yolande Lerebourg"
