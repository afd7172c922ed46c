"""schemathesis against the live ``openapi.json``, with a demo administrator's token: every
operation answers without a server error, with a documented status, content type and body.

A few examples per operation (positive and negative data), to stay within a couple of minutes.
"""

import collections
import io

import hypothesis
import pytest
import requests
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from buyer_space.api import services as tokens
from buyer_space.api.choices import TokenScope
from tests.buyer_space.api.conftest import API

pytestmark = [
    pytest.mark.schemathesis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8


def test_the_api_keeps_to_its_schema(live_site):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", offers=6, stdout=io.StringIO())
    admin = get_user_model().objects.get(email="admin.chtest@demo.example")
    token = tokens.create_token(user=admin, name="schemathesis", scope=TokenScope.WRITE)[1]
    schema = schemathesis.openapi.from_url(f"{live_site}{API}/openapi.json")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    failures = {}
    operations = 0
    answered = collections.Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                response = case.call(base_url=live_site, session=session)
                answered[response.status_code // 100] += 1
                case.validate_response(response, checks=CHECKS)

            try:
                check()
            except (Exception, BaseExceptionGroup) as error:  # every failure, reported below
                failures[f"{operation.label} ({mode.value})"] = str(error)[:2000]
    assert operations >= 30
    # The token works: most positive examples succeed (the schema is not fuzzing a 401).
    assert answered[2] >= operations * EXAMPLES // 2, answered
    assert answered[5] == 0, answered
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
