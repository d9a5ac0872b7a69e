"""The benchmark harness holds together: no gunicorn, no PostgreSQL, no timing assertions.

The measuring itself is `make bench` (tests/perf/run.py); these only check that its parts
import, that the scenario registry is well-formed, that the generated data make real pages
and that the load generator reads HTTP/1.1 responses correctly.
"""

import asyncio
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page

from tests.perf import loadgen, report
from tests.perf.scenarios import Context, discover
from tests.perf.workloads import Workload


def test_scenario_registry_is_well_formed():
    scenarios = discover()
    names = [scenario.name for scenario in scenarios]
    assert names[0] == "site"
    assert len(names) == len(set(names))
    for scenario in scenarios:
        assert callable(scenario.module.prepare)
        assert callable(scenario.module.workloads)
        assert scenario.module.__doc__, f"scenario {scenario.name} says what it measures"


@pytest.mark.django_db
def test_site_scenario_builds_pages_that_serve(client, site_home):
    ctx = Context(scale=0.002)  # one topic of ten articles
    (site,) = [s for s in discover() if s.name == "site"]
    site.prepare(ctx)
    site.prepare(ctx)  # idempotent: nothing added the second time
    workloads = site.workloads(ctx)
    anchor, *workloads = workloads
    assert anchor.path == "/__bench__/wagtail" and not anchor.public_page
    assert [w.name for w in workloads] == ["home page", "content page", "search"]
    assert all(w.scenario == "site" and w.public_page for w in workloads)
    assert Page.objects.get(slug="topic-01").get_children().count() == 10
    assert not any(Page.find_problems()), "bulk-created pages keep the tree consistent"
    for workload in workloads:
        response = client.get(workload.path)
        assert response.status_code == 200, workload.path
        assert not response.cookies
    assert "基本情况" in client.get(workloads[1].path).content.decode()


@pytest.mark.django_db
def test_the_stock_wagtail_anchor_serves_the_home_page_without_project_templates(site_home):
    from tests.perf.urls import stock_wagtail

    request = RequestFactory().get("/__bench__/wagtail")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = stock_wagtail(request)
    response.render()
    html = response.content.decode()
    assert site_home.title in html and "Welcome to your new Wagtail site!" in html
    assert "site-nav" not in html  # none of the project's base template


@pytest.mark.django_db
def test_portal_scenario_signs_each_connection_in(client, site_home):
    from website.core.demo import ensure_user

    ensure_user("member@example.org")
    (portal,) = [s for s in discover() if s.name == "portal"]
    workloads = portal.workloads(Context(scale=0.001))
    assert workloads and not any(w.public_page for w in workloads)
    first, second = (workloads[0].requests(number)[0] for number in (0, 1))
    assert "sessionid=" in first.headers["Cookie"]
    assert first.headers["Cookie"] != second.headers["Cookie"]


def test_bare_view_lives_only_in_the_bench_urls(settings, client):
    from tests.perf import urls

    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    response = urls.bare(RequestFactory().get("/__bench__/bare"))
    assert response.content == urls.BARE_BODY

    settings.ROOT_URLCONF = "tests.perf.urls"
    settings.PAGE_CACHE_EXCLUDED_PREFIXES = ("/__bench__/",)
    for _ in range(2):
        response = client.get("/__bench__/bare")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # the ceiling runs the whole stack every time


def test_workload_gives_each_connection_its_requests():
    page = Workload("page", "/a/")
    assert [len(requests) for requests in page.requests_per_connection(3)] == [1, 1, 1]
    buyers = Workload(
        "buy",
        lambda number: [loadgen.Request("/buy/", method="POST", body=f"n={number}".encode())],
        connections=50,
        public_page=False,
    )
    requests = buyers.requests_per_connection(2)
    assert requests[1][0].body == b"n=1"
    assert b"Content-Length: 3\r\n" in requests[1][0].encode("127.0.0.1:1")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = b"<p>ok</p>"
        self.send_response(200)
        self.send_header("X-Page-Cache", "hit")
        if self.path == "/chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"4\r\n<p>o\r\n5\r\nk</p>\r\n0\r\n\r\n")
            return
        if self.path == "/close":
            self.send_header("Connection", "close")
            self.close_connection = True
        if self.path == "/cookie":
            self.send_header("Set-Cookie", "sessionid=x")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/keep-alive", "/chunked", "/close", "/cookie"])
def test_load_generator_reads_responses(http_server, path):
    requests = [[loadgen.Request(path)] for _ in range(2)]
    result = asyncio.run(loadgen._run(http_server, 2, 0.3, 0.0, requests, {"200"}))
    assert result.errors == 0, result.error_samples
    assert len(result.latencies) > 2
    assert result.statuses == {"200": len(result.latencies)}
    assert result.page_cache == {"hit": len(result.latencies)}
    assert result.set_cookie == (len(result.latencies) if path == "/cookie" else 0)
    if path == "/close":
        assert result.connects >= len(result.latencies)
    else:
        assert result.connects == 2


def test_load_generator_counts_unexpected_statuses(http_server):
    requests = [[loadgen.Request("/x")]]
    result = asyncio.run(loadgen._run(http_server, 1, 0.2, 0.0, requests, {"404"}))
    assert result.errors == len(result.latencies) > 0
    assert "HTTP 200" in result.error_samples[0]


def test_report_tables():
    cpu = {"elapsed": 10.0, "server": 9.0, "client": 1.0, "services": 0.5, "other": 0.0}
    result = loadgen.Result(duration=10.0, latencies=[0.002] * 900 + [0.010] * 100)
    result.page_cache = {"hit": 1000}
    bare = report.Row.from_result(Workload("bare", "/b", public_page=False), 8, result, cpu)
    page = report.Row.from_result(Workload("首页", "/"), 8, result, cpu)
    for row in (bare, page):
        row.ratio = row.rps / bare.rps
    assert bare.rps == 100 and bare.p95_ms == pytest.approx(10.0)
    assert bare.verdict() == "" and page.verdict() == "yes"
    page.ratio = 0.3
    assert page.verdict() == "NO"
    assert math.isnan(page.cpu_ratio)
    assert "首页" in report.text_table([bare, page])
    assert report.markdown_table([bare, page]).count("\n") == 3


@pytest.mark.django_db
def test_logged_in_headers_log_the_user_in(site_home, user):
    from tests.perf.data import logged_in_headers

    headers = logged_in_headers(user)
    client = Client(enforce_csrf_checks=True)
    response = client.get("/", HTTP_COOKIE=headers["Cookie"])
    assert "X-Page-Cache" not in response  # a visitor with a session is never served the cache
    assert "退出" in response.content.decode()
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        HTTP_COOKIE=headers["Cookie"],
        HTTP_X_CSRFTOKEN=headers["X-CSRFToken"],
    )
    assert response.status_code == 302  # the CSRF check passed
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_COOKIE=headers["Cookie"])
    assert response.status_code == 403
