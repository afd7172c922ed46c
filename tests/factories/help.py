import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from help.choices import Region
from help.models import (
    ContactPage,
    HelpIndexPage,
    HelpPage,
    RegionalCorrespondent,
    WebconferenceIndexPage,
    WebconferencePage,
)


class HelpIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aide"
    slug = "aide"

    class Meta:
        model = HelpIndexPage


class HelpPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article d'aide {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Les démarches à suivre pour adhérer.</p>")]
    )

    class Meta:
        model = HelpPage


class WebconferenceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Les webconférences"
    slug = "webconferences"

    class Meta:
        model = WebconferenceIndexPage


class WebconferencePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webconférence {n}")
    slug = factory.Sequence(lambda n: f"webconference-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    description = "<p>Présentation des nouvelles offres.</p>"
    registration_url = "https://inscription.example/webconference"

    class Meta:
        model = WebconferencePage

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
            replay_url="https://replay.example/webconference",
        )


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Vos contacts"
    slug = "contacts"
    intro = "<p>Une question ? Deux interlocuteurs vous répondent.</p>"
    correspondent_role = "<ul><li>Représentant de la centrale dans votre région</li></ul>"
    team_description = "<ul><li>Un interlocuteur quotidien pour des informations</li></ul>"
    director_name = "Yolande Lerebourg"
    director_email = "y.lerebourg@centrale.example"
    team_email = "relation.adherents@centrale.example"
    team_phone = "01 40 00 00 00"
    contact_us = "<p>Écrivez-nous ou appelez-nous du lundi au vendredi.</p>"

    class Meta:
        model = ContactPage


class RegionalCorrespondentFactory(DjangoModelFactory):
    region = Region.BRETAGNE
    name = factory.Sequence(lambda n: f"Correspondant {n}")
    email = factory.Sequence(lambda n: f"correspondant{n}@centrale.example")
    phone = "02 99 00 00 00"

    class Meta:
        model = RegionalCorrespondent
