"""The outbox's tests use the buyers' world of the buyer space plugin."""

from tests.buyer_space.conftest import login, world  # noqa: F401 (fixtures)
