"""Signed-in pages: the member portal, the certification workbench, my events, and the
directory and news as a signed-in member sees them (a real session, never the page cache)."""

from __future__ import annotations

from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 90  # after the scenarios whose data the pages show
MEMBER = "member@example.org"  # the demo's member contact (website.core.demo)
PAGES = [
    ("portal home", "/account/"),
    ("membership", "/account/membership/"),
    ("invoices", "/account/invoices/"),
    ("certification workbench", "/certification/my/"),
    ("my events", "/events/my/"),
    ("directory", "/members/directory/"),
    ("news centre", "/news/"),
]


def prepare(ctx: Context) -> None:
    """Nothing of its own: the demo's member and the other scenarios' data."""


def workloads(ctx: Context) -> list[Workload]:
    from tests.perf.data import logged_in_headers
    from tests.perf.loadgen import Request
    from tests.perf.workloads import BROWSER_HEADERS
    from website.accounts.models import User

    user = User.objects.get(email=MEMBER)
    # One session per connection, as eight members signed in at once would have.
    sessions: dict[int, dict[str, str]] = {}

    def signed_in(path: str):
        def requests(number: int) -> list[Request]:
            if number not in sessions:
                sessions[number] = {**BROWSER_HEADERS, **logged_in_headers(user)}
            return [Request(path, headers=sessions[number])]

        return requests

    return [
        Workload(f"{name} (signed in)", signed_in(path), public_page=False) for name, path in PAGES
    ]
