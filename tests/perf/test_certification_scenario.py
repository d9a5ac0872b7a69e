import pytest

from tests.perf.scenarios import Context, discover


@pytest.mark.django_db
def test_certification_scenario_builds_certificates_that_serve(
    client, site_home, django_assert_max_num_queries
):
    ctx = Context(scale=0.01)  # 100 certificates
    (scenario,) = [s for s in discover() if s.name == "certification"]
    scenario.prepare(ctx)
    scenario.prepare(ctx)  # idempotent
    from certification.models import Certificate

    assert Certificate.objects.filter(number__contains="-BENCH-").count() == 100
    workloads = scenario.workloads(ctx)
    assert all(w.public_page for w in workloads)
    for workload in workloads:
        with django_assert_max_num_queries(10):
            response = client.get(workload.path)
        assert response.status_code == 200, workload.path
        assert not response.cookies
