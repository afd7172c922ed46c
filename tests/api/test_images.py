"""The images endpoint is Wagtail's, with the same guards on query parameters."""

import pytest
from wagtail_factories import ImageFactory

from tests.api.helpers import IMAGES_URL, listed_ids

pytestmark = pytest.mark.django_db


def test_images_are_listed_with_their_size(api_get, home_page):
    image = ImageFactory(title="Bloc opératoire", file__width=640, file__height=480)

    response = api_get(IMAGES_URL, {"fields": "width,height"})

    assert listed_ids(response) == {image.pk}
    item = response.json()["items"][0]
    assert (item["title"], item["width"], item["height"]) == ("Bloc opératoire", 640, 480)
    assert item["meta"]["download_url"].endswith(image.file.url)
