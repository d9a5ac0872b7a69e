"""The production smoke run: the site as README's "Deploying" section runs it, with real processes.

Started by .ci/smoke (which installs what is missing) after the two test suites of .ci/run.
Every process gets a bare environment plus HUANWEI_ENV_FILE, pointing at the environment file
this script writes (on a server that file is /etc/huanwei/env and the variable is not needed):

  PostgreSQL (the running cluster; a fresh database), redis-server, moto's S3 server (two
  buckets), an SMTP sink (aiosmtpd, a Maildir), `migrate`, `collectstatic`, `check --deploy`,
  `load_demo`, two gunicorn processes (A and B) and one `db_worker`; then the cron lines copied
  from README.md.

It drives: a join application with its licence (the licence lands in the private bucket, an
anonymous request is refused, its owner gets it through process B), approval in the back office
(the welcome mail with the dues notice reaches the SMTP sink through the worker), a publish on
process A seen at once by process B (the page cache is shared in Redis), the membership sweep
from README's cron line (its reminder reaches the SMTP sink), and a backup restored into a fresh
database and fresh buckets, whose site serves the member's invoice PDF.

Any failed step stops the run with a message and a non-zero exit; logs stay in the work folder.
SMOKE_PORT_BASE=18100 uses ports 18100-18109 instead of free ones; SMOKE_DB_PREFIX names the
databases (default huanwei_smoke); SMOKE_KEEP=1 keeps the work folder. For debugging the later steps: SMOKE_SAVE_TEMPLATE=<db> keeps a
copy of the migrated demo database, SMOKE_FROM_TEMPLATE=<db> starts from it (without the demo's
files, which lived in the previous run's S3 server).
"""

from __future__ import annotations

import io
import json
import mailbox
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import boto3
import requests
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
HOST = "www.example.org.cn"  # the public name nginx would pass on (Host, X-Forwarded-Proto)
PASSWORD = "smoke-" + secrets.token_hex(8)
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
STARTED = time.monotonic()


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def require(condition, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, probe, timeout: float = 60.0, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = probe()
        except Exception as error:  # noqa: BLE001 - retried until the deadline
            last = error
            result = None
        if result:
            return result
        time.sleep(interval)
    raise SmokeFailure(f"timed out after {timeout:.0f}s waiting for {what} (last error: {last})")


class Smoke:
    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="huanwei-smoke-"))
        base = int(os.environ.get("SMOKE_PORT_BASE", "0"))
        names = ["redis", "s3", "smtp", "web_a", "web_b", "web_c"]
        self.ports = {
            name: (base + index if base else free_port()) for index, name in enumerate(names)
        }
        prefix = os.environ.get("SMOKE_DB_PREFIX", "huanwei_smoke")
        self.database = f"{prefix}_{os.getpid()}"
        self.restored_database = f"{self.database}_restored"
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.maildir = self.work / "mail"
        self.env_file = self.work / "env"
        self.s3_endpoint = f"http://127.0.0.1:{self.ports['s3']}"

    # Processes ---------------------------------------------------------------------------

    def bare_env(self, **extra: str) -> dict[str, str]:
        """What a cron job or a systemd unit has: PATH, a locale, the environment file."""
        return {
            "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.work),
            "HUANWEI_ENV_FILE": str(self.env_file),
            **extra,
        }

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None):
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env or self.bare_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))
        return process

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise SmokeFailure(
                    f"{name} exited ({process.returncode}); see {self.work / (name + '.log')}:\n"
                    + self.tail(name)
                )

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.work / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop_all(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def manage(self, *args: str, env: dict[str, str] | None = None, timeout: float = 900):
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.bare_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise SmokeFailure(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                + result.stdout[-3000:]
                + result.stderr[-3000:]
            )
        return result

    def shell(self, code: str, env: dict[str, str] | None = None) -> dict:
        """Runs code in `manage.py shell` (production settings); its last line is JSON."""
        result = self.manage("shell", "--no-imports", "-c", code, env=env)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def psql(self, sql: str) -> None:
        subprocess.run(  # noqa: S603
            ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-qc", sql],
            check=True,
            capture_output=True,
        )

    # The services -------------------------------------------------------------------------

    def start_services(self) -> None:
        step(f"Work folder {self.work}; ports {self.ports}")
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        self.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["s3"])])
        self.start(
            "smtp",
            [
                PYTHON,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.ports['smtp']}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(self.maildir),
            ],
        )
        for name in ("redis", "s3", "smtp"):
            port = self.ports[name]
            wait_for(f"{name} on port {port}", lambda port=port: self.port_open(port), 30)
            self.check_alive()
        self.s3 = boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="smoke",
            aws_secret_access_key="smoke-secret",
        )
        for bucket in ("huanwei-media", "huanwei-private", "restored-media", "restored-private"):
            self.s3.create_bucket(Bucket=bucket)
        for name in (self.database, self.restored_database):
            self.psql(f"DROP DATABASE IF EXISTS {name}")
        self.psql(f"CREATE DATABASE {self.database}")
        step("PostgreSQL database, redis-server, moto S3 server and SMTP sink are up")

    def private_keys(self, prefix: str, bucket: str = "huanwei-private") -> list[str]:
        paginator = self.s3.get_paginator("list_objects_v2")
        return [
            item["Key"]
            for page in paginator.paginate(Bucket=bucket, Prefix=prefix)
            for item in page.get("Contents", [])
        ]

    @staticmethod
    def port_open(port: int) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    def write_env_file(self) -> None:
        values = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{self.database}",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "BASE_URL": f"https://{HOST}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "DEFAULT_FROM_EMAIL": "中国城市环境卫生协会 <noreply@example.org.cn>",
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "smoke",
            "S3_SECRET_ACCESS_KEY": "smoke-secret",
            "S3_ADDRESSING_STYLE": "path",
            "S3_MEDIA_BUCKET": "huanwei-media",
            "S3_PRIVATE_BUCKET": "huanwei-private",
            "STATIC_ROOT": str(self.work / "static"),
            "VAR_DIR": str(self.work / "var"),
            "LOG_LEVEL": "WARNING",
        }
        lines = ["# Written by .ci/smoke: what /etc/huanwei/env holds on a server."]
        lines += [f"{name}={value}" for name, value in values.items()]
        self.env_file.write_text("\n".join(lines) + "\n")
        self.env_values = values

    def start_web(self, name: str, env: dict[str, str] | None = None) -> str:
        port = self.ports[name]
        self.start(
            name,
            [
                str(BIN / "gunicorn"),
                "website.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
        )
        return f"http://127.0.0.1:{port}"

    def wait_healthy(self, base: str, name: str) -> dict:
        answers = []

        def healthy():
            self.check_alive()
            response = requests.get(
                f"{base}/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"}, timeout=30
            )
            answers.append(response.text)
            return response.json() if response.status_code == 200 else None

        try:
            return wait_for(f"{name} /healthz", healthy, timeout=120, interval=1)
        except SmokeFailure as error:
            raise SmokeFailure(f"{error}; last answer: {answers[-1:]}") from error

    # Mail ---------------------------------------------------------------------------------

    def mails(self) -> list[dict]:
        found = []
        if not self.maildir.exists():
            return found
        for message in mailbox.Maildir(self.maildir, create=False):
            subject = str(make_header(decode_header(message["Subject"] or "")))
            parts = message.walk() if message.is_multipart() else [message]
            body = ""
            for part in parts:
                if part.get_content_type() == "text/plain":
                    body += part.get_payload(decode=True).decode(
                        part.get_content_charset() or "utf-8"
                    )
            found.append({"to": message["To"] or "", "subject": subject, "body": body})
        return found

    def wait_for_mail(self, what: str, match, timeout: float = 60) -> dict:
        def arrived():
            self.check_alive()
            return next((mail for mail in self.mails() if match(mail)), None)

        return wait_for(what, arrived, timeout=timeout, interval=0.5)


class Browser:
    """A visitor through nginx: the public Host, HTTPS as X-Forwarded-Proto, its own cookies
    (sent by hand: the secure cookies would not go over the plain connection otherwise)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, follow: bool = True, **kwargs):
        url = urljoin(self.base, path)
        for _hop in range(10):
            headers = {
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{urlsplit(url).path}",
                **kwargs.pop("headers", {}),
            }
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            response = requests.request(
                method, url, headers=headers, allow_redirects=False, timeout=60, **kwargs
            )
            for cookie in response.cookies:
                self.cookies[cookie.name] = cookie.value
            if not (follow and response.is_redirect):
                return response
            location = urlsplit(response.headers["Location"])
            url = urljoin(
                self.base, location.path + (f"?{location.query}" if location.query else "")
            )
            method, kwargs = "GET", {}
        raise SmokeFailure(f"too many redirects from {path}")

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf(self, response) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        require(match, f"no CSRF token on {response.url}")
        return match.group(1)

    def post_form(self, path: str, data: dict, files: dict | None = None, **kwargs):
        page = self.get(path)
        require(page.status_code == 200, f"GET {path} answered {page.status_code}")
        return self.request(
            "POST",
            path,
            data={"csrfmiddlewaretoken": self.csrf(page), **data},
            files=files,
            **kwargs,
        )

    def login(self, email: str, password: str) -> None:
        response = self.post_form(
            "/auth/login/", {"login": email, "password": password}, follow=False
        )
        require(
            response.status_code == 302,
            f"login of {email} answered {response.status_code}: {response.text[:500]}",
        )
        self.get(response.headers["Location"])


SETUP = """
import json, secrets
from website.core.demo import ensure_user
from members.models import FeeSchedule
from members.validators import CHARSET, credit_code_check_character
admin = ensure_user(
    "smoke-admin@example.org", last_name="冒", first_name="烟", is_staff=True, is_superuser=True,
    password=PASSWORD,
)
applicant = ensure_user(
    "smoke-applicant@example.org", last_name="王", first_name="测试", password=PASSWORD
)
first17 = "91370600" + "".join(secrets.choice(CHARSET) for _ in range(9))
print(json.dumps({
    "fee_schedules": FeeSchedule.objects.count(),
    "credit_code": first17 + credit_code_check_character(first17),
}))
"""

APPROVED = """
import json
from members.models import MembershipApplication
application = MembershipApplication.objects.select_related("membership").get(pk=PK)
membership = application.membership
invoice = membership.invoices.order_by("pk").first()
print(json.dumps({"membership": membership.number, "invoice": invoice.number}))
"""

DRAFT = """
import json
from urllib.parse import urlsplit
from wagtail.models import Page
page = (
    Page.objects.live().public().filter(depth=3).exclude(url_path__contains="/en/")
    .order_by("path").first().specific
)
marker = "SMOKE-" + TOKEN
page.title = page.title + " " + marker
page.save_revision()
print(json.dumps({"id": page.pk, "url": urlsplit(page.get_url()).path, "marker": marker}))
"""

REMINDER_DUE = """
import datetime, json
from django.utils import timezone
from members.models import Membership, MembershipSettings
config = MembershipSettings.load()
days = config.reminder_day_list
membership = Membership.objects.get(number=NUMBER)
Membership.objects.filter(pk=membership.pk).update(paid_through=timezone.localdate() + datetime.timedelta(days=min(days)))
print(json.dumps({"days": days}))
"""


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def readme_cron_lines() -> list[str]:
    """The crontab lines of README's Deploying section, as written there."""
    text = (ROOT / "README.md").read_text()
    deploying = text[text.index("## Deploying") :]
    block = re.search(r"```cron\n(.*?)```", deploying, re.S)
    require(block, "README's Deploying section has no ```cron block")
    lines = [
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")
    ]
    require(len(lines) >= 3, "README's cron block lists fewer than three jobs")
    return lines


def cron_command(line: str) -> str:
    """The command of a cron line, run from this checkout instead of /srv/huanwei."""
    command = line.split(None, 5)[5].split("  #")[0].strip()
    require("/srv/huanwei" in command, f"the cron line does not run in /srv/huanwei: {line}")
    return command.replace("cd /srv/huanwei", f"cd {ROOT}").replace("venv/bin/", ".venv/bin/")


def run(smoke: Smoke) -> None:
    smoke.start_services()
    smoke.write_env_file()

    step("migrate, collectstatic, check --deploy (README's release steps)")
    template = os.environ.get("SMOKE_FROM_TEMPLATE")
    if template:  # debugging the later steps: a database saved by SMOKE_SAVE_TEMPLATE
        smoke.psql(f"DROP DATABASE {smoke.database}")
        smoke.psql(f"CREATE DATABASE {smoke.database} TEMPLATE {template}")
    else:
        smoke.manage("migrate", "--noinput")
    smoke.manage("collectstatic", "--noinput")
    check = smoke.manage("check", "--deploy", "--fail-level", "WARNING")
    output = (check.stdout + check.stderr).strip()
    require(
        output.startswith("System check identified no issues"),
        f"check --deploy reported something:\n{output}",
    )

    if not template:
        step("load_demo")
        smoke.manage("load_demo", "--no-index")
        if os.environ.get("SMOKE_SAVE_TEMPLATE"):
            smoke.psql(f"DROP DATABASE IF EXISTS {os.environ['SMOKE_SAVE_TEMPLATE']}")
            smoke.psql(
                f"CREATE DATABASE {os.environ['SMOKE_SAVE_TEMPLATE']} TEMPLATE {smoke.database}"
            )
    # The demo queued a search-index update per object; a worker works through them first, so
    # /healthz (oldest waiting task) is green and the mails below are not queued behind them.
    step("db_worker --batch: the demo's queued tasks")
    smoke.manage("db_worker", "--batch")
    users = smoke.shell(SETUP.replace("PASSWORD", repr(PASSWORD)))
    require(users["fee_schedules"] > 0, "the demo has no fee schedule: approval would fail")

    step("two gunicorn processes (A, B) and one db_worker")
    web_a = smoke.start_web("web_a")
    web_b = smoke.start_web("web_b")
    smoke.start("worker", [PYTHON, "manage.py", "db_worker"])
    health = smoke.wait_healthy(web_a, "process A")
    smoke.wait_healthy(web_b, "process B")
    require(
        health["checks"]["private storage"]["ok"] and health["checks"]["tasks"]["ok"],
        f"unhealthy: {health}",
    )

    # 1. A join application with its licence, approved in the back office.
    step("join application with a licence on process A")
    licences_before = smoke.private_keys("licences/")
    applicant = Browser(web_a)
    applicant.login("smoke-applicant@example.org", PASSWORD)
    licence = pdf_bytes()
    response = applicant.post_form(
        "/members/join/organization/",
        {
            "tier": "member",
            "organization_name": "烟台市冒烟测试环卫服务有限公司",
            "short_name": "冒烟测试",
            "credit_code": users["credit_code"],
            "organization_kind": "enterprise",
            "legal_representative": "王测试",
            "province": "37",
            "city": "烟台市",
            "address": "烟台市芝罘区测试路1号",
            "contact_name": "王测试",
            "contact_job_title": "办公室主任",
            "contact_phone": "13900000000",
            "contact_email": "smoke-applicant@example.org",
            "accepts_charter": "on",
            "submit": "1",
        },
        files={"licence": ("营业执照.pdf", licence, "application/pdf")},
        follow=False,
    )
    require(
        response.status_code == 302,
        f"the join form was refused ({response.status_code}): "
        + " ".join(re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', response.text))[:800],
    )
    application_url = urlsplit(response.headers["Location"]).path
    application_id = int(re.search(r"/(\d+)/?$", application_url).group(1))

    keys = sorted(set(smoke.private_keys("licences/")) - set(licences_before))
    require(len(keys) == 1, f"not one new licence in the private bucket: {keys}")
    stored = smoke.s3.get_object(Bucket="huanwei-private", Key=keys[0])["Body"].read()
    require(stored == licence, "the bucket holds other bytes than the uploaded licence")
    licence_path = f"/members/applications/{application_id}/licence/"
    anonymous = Browser(web_b).get(licence_path, follow=False)
    require(
        anonymous.status_code in (302, 403, 404) and not anonymous.content.startswith(b"%PDF"),
        f"an anonymous request got the licence ({anonymous.status_code})",
    )
    grants = smoke.s3.get_object_acl(Bucket="huanwei-private", Key=keys[0])["Grants"]
    require(
        not [grant for grant in grants if "AllUsers" in str(grant["Grantee"])],
        f"the licence object is readable by anyone: {grants}",
    )
    owner = Browser(web_b)
    owner.cookies = dict(applicant.cookies)
    download = owner.get(licence_path)
    require(
        download.status_code == 200 and download.content == licence,
        f"the applicant could not download the licence from process B ({download.status_code})",
    )
    step(f"licence {keys[0]} in the bucket; refused anonymously, served to its owner by B")

    step("approval in the back office on process B; mail through the worker")
    secretariat = Browser(web_b)
    secretariat.login("smoke-admin@example.org", PASSWORD)
    approve = secretariat.post_form(
        f"/admin/members/applications/{application_id}/action/approve/",
        {"tier": "member", "reason": "冒烟测试"},
        follow=False,
    )
    require(approve.status_code == 302, f"approval answered {approve.status_code}")
    approved = smoke.shell(APPROVED.replace("PK", str(application_id)))
    welcome = smoke.wait_for_mail(
        "the welcome mail with the dues notice",
        lambda mail: (
            "smoke-applicant@example.org" in mail["to"]
            and approved["membership"] in mail["subject"]
            and approved["invoice"] in mail["body"]
        ),
    )
    require(
        "http" in welcome["body"] and HOST in welcome["body"],
        "the welcome mail does not link to BASE_URL",
    )
    step(f"welcome mail at the SMTP sink: {welcome['subject']}")

    # 2. A publish on process A is seen by process B at once.
    step("publish on process A, visible on process B")
    draft = smoke.shell(DRAFT.replace("TOKEN", repr(secrets.token_hex(3))))
    visitor = Browser(web_b)
    for _ in range(2):
        before = visitor.get(draft["url"])
        require(before.status_code == 200, f"B answered {before.status_code} for {draft['url']}")
    require(
        before.headers.get("X-Page-Cache") == "hit",
        f"B did not cache {draft['url']} (X-Page-Cache {before.headers.get('X-Page-Cache')})",
    )
    require(draft["marker"] not in before.text, "the draft title shows before it is published")
    editor = Browser(web_a)
    editor.cookies = dict(secretariat.cookies)
    published = editor.post_form(
        f"/admin/bulk/wagtailcore/page/publish/?id={draft['id']}&next=/admin/",
        {},
        follow=False,
    )
    require(published.status_code == 302, f"bulk publish answered {published.status_code}")
    after = visitor.get(draft["url"])
    require(
        draft["marker"] in after.text,
        f"B still serves the old page after A published (X-Page-Cache {after.headers.get('X-Page-Cache')})",
    )

    # 3. The cron lines from README; the membership sweep's reminder reaches the SMTP sink.
    step("README's cron lines")
    reminder_setup = smoke.shell(REMINDER_DUE.replace("NUMBER", repr(approved["membership"])))
    lines = readme_cron_lines()
    for line in lines:
        command = cron_command(line)
        result = subprocess.run(  # noqa: S602 - the line from README, as cron runs it
            command,
            shell=True,
            env=smoke.bare_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        require(
            result.returncode == 0,
            f"cron line failed ({result.returncode}): {command}\n{result.stdout}{result.stderr}",
        )
        step(f"ran: {command}")
    require(any("membership_sweep" in line for line in lines), "no membership_sweep cron line")
    reminder = smoke.wait_for_mail(
        "the renewal reminder",
        lambda mail: (
            "smoke-applicant@example.org" in mail["to"]
            and mail["subject"] != welcome["subject"]
            and approved["membership"] in mail["body"]
        ),
    )
    step(f"reminder at the SMTP sink ({reminder_setup['days']}): {reminder['subject']}")

    # 4. Backup, restore into a fresh database and fresh buckets, the invoice PDF served.
    step("backup, restore into a fresh database and buckets")
    backup_folder = smoke.work / "backup"
    smoke.manage("backup", str(backup_folder))
    smoke.psql(f"CREATE DATABASE {smoke.restored_database}")
    restored_env = smoke.bare_env(
        DATABASE_URL=(
            f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{smoke.restored_database}"
        ),
        S3_MEDIA_BUCKET="restored-media",
        S3_PRIVATE_BUCKET="restored-private",
        REDIS_URL=f"redis://127.0.0.1:{smoke.ports['redis']}/1",
    )
    smoke.manage("restore", str(backup_folder), env=restored_env)
    restored_keys = smoke.private_keys("licences/", bucket="restored-private")
    require(keys[0] in restored_keys, "the licence is not in the restored private bucket")
    web_c = smoke.start_web("web_c", env=restored_env)
    smoke.wait_healthy(web_c, "the restored site")
    member = Browser(web_c)
    member.login("smoke-applicant@example.org", PASSWORD)
    invoices = member.get("/account/invoices/")
    require(invoices.status_code == 200, f"restored portal invoices: {invoices.status_code}")
    pdf_path = re.search(r'href="(/account/invoices/\d+/pdf/)"', invoices.text)
    require(pdf_path, "no invoice PDF link in the restored member portal")
    pdf = member.get(pdf_path.group(1))
    require(
        pdf.status_code == 200 and pdf.content.startswith(b"%PDF"),
        f"the restored site did not serve the invoice PDF ({pdf.status_code})",
    )
    owner_again = member.get(licence_path)
    require(owner_again.content == licence, "the restored site lost the licence")
    step(f"restored site serves invoice PDF {pdf_path.group(1)} ({len(pdf.content)} bytes)")

    smoke.check_alive()
    worker_log = smoke.tail("worker", 200)
    require('"task finished"' in worker_log, "the worker logged no task as JSON")


def main() -> int:
    smoke = Smoke()
    failed = False
    try:
        run(smoke)
    except SmokeFailure as error:
        failed = True
        print(f"\nSMOKE FAILED: {error}", file=sys.stderr)
        for name, _process in smoke.processes:
            print(f"\n--- last lines of {name}.log ---\n{smoke.tail(name, 15)}", file=sys.stderr)
    except BaseException:
        failed = True
        raise
    finally:
        smoke.stop_all()
        for name in (smoke.database, smoke.restored_database):
            try:
                smoke.psql(f"DROP DATABASE IF EXISTS {name}")
            except subprocess.CalledProcessError:
                pass
        if failed or os.environ.get("SMOKE_KEEP"):
            print(f"logs kept in {smoke.work}", file=sys.stderr)
        else:
            shutil.rmtree(smoke.work, ignore_errors=True)
    if failed:
        return 1
    step("production smoke passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
