import pytest

from tests.factories.help import (
    ContactPageFactory,
    HelpPageFactory,
    WebconferenceIndexPageFactory,
)


@pytest.fixture
def webconference_index(help_index):
    return WebconferenceIndexPageFactory(parent=help_index)


@pytest.fixture
def contact_page(help_index):
    return ContactPageFactory(parent=help_index)


@pytest.fixture
def help_sections(help_index, webconference_index, contact_page):
    """The guide's section 10, in its order: adhesion, offers, account, contacts, webconferences."""
    adhesion = HelpPageFactory(
        parent=help_index,
        title="Adhésion à la centrale d'achat",
        slug="adhesion",
        intro="Les démarches à suivre pour adhérer.",
    )
    offers = HelpPageFactory(
        parent=help_index,
        title="Les offres de la centrale d'achat",
        slug="offres",
        intro="Fiches filières, calendrier et modalités d'accès.",
    )
    modalities = HelpPageFactory(
        parent=offers,
        title="Les modalités d'accès intermédiaire et grossiste",
        slug="modalites-d-acces",
    )
    account = HelpPageFactory(
        parent=help_index,
        title="Création d'un compte sur l'espace acheteur",
        slug="creation-de-compte",
        intro="Accès au guide de l'espace acheteur.",
    )
    # The contact and webconference pages were created first: move them after the articles.
    contact_page.move(help_index, pos="last-child")
    webconference_index.move(help_index, pos="last-child")
    contact_page.refresh_from_db()
    webconference_index.refresh_from_db()
    return {
        "adhesion": adhesion,
        "offers": offers,
        "modalities": modalities,
        "account": account,
        "contacts": contact_page,
        "webconferences": webconference_index,
    }
