"""The members bench scenario builds valid data at a tiny scale and its pages serve."""

import pytest

from members.models import Organization
from members.validators import is_valid_credit_code
from tests.perf.scenarios import Context, discover

pytestmark = pytest.mark.django_db


def test_members_scenario_builds_a_directory_that_serves(client, site_home):
    (members,) = [s for s in discover() if s.name == "members"]
    ctx = Context(scale=0.0003)  # 30 organizations
    members.prepare(ctx)
    members.prepare(ctx)  # idempotent
    assert Organization.objects.in_directory().count() == 30
    assert all(
        is_valid_credit_code(code)
        for code in Organization.objects.values_list("credit_code", flat=True)
    )
    for workload in members.workloads(ctx):
        paths = (
            [workload.path]
            if isinstance(workload.requests, str)
            else [request.path for request in workload.requests(0)]
        )
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert not response.cookies
