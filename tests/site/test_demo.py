import pytest
from django.core.management import call_command
from wagtail.models import Page

from website.accounts.models import User
from website.core.demo import DEMO_PASSWORD, DEMO_USERS
from website.core.models import HomePage

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_removes_the_welcome_page(client):
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    pages = Page.objects.count()
    users = User.objects.count()
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    assert Page.objects.count() == pages
    assert User.objects.count() == users
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert HomePage.objects.filter(locale__language_code="zh-hans").count() == 1
    assert client.get("/").status_code == 200


def test_every_demo_account_can_log_in(client):
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    for email, *_ in DEMO_USERS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
