"""``examples/api_client.py`` against a live server: a buyer's contracts, his latest data file,
a question to the centre."""

import subprocess
import sys
from pathlib import Path

import pytest

from buyer_space.exchanges.models import Exchange
from tests.buyer_space.api.conftest import make_api_world
from tests.buyer_space.conftest import make_world

# serialized_rollback: the page tree of the migrations is put back for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCRIPT = Path(__file__).resolve().parents[3] / "examples" / "api_client.py"


def test_the_example_lists_downloads_and_asks(live_site, catalogue_index, tmp_path):
    world = make_api_world(make_world(), catalogue_index)
    result = subprocess.run(  # noqa: S603 - our own script, with our interpreter
        [
            sys.executable,
            str(SCRIPT),
            "--base-url",
            live_site,
            "--dossier",
            str(tmp_path),
            "--objet",
            "Délai de livraison",
        ],
        env={"ESPACE_API_TOKEN": world.tokens["admin"], "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1 marché(s) :" in result.stdout
    assert world.contract.number in result.stdout
    downloaded = list(tmp_path.iterdir())
    assert len(downloaded) == 1
    assert downloaded[0].read_bytes() == world.data_file.file.open("rb").read()
    exchange = Exchange.objects.get(subject="Délai de livraison")
    assert exchange.author == world.admin
    assert f"échange n° {exchange.pk}" in result.stdout
