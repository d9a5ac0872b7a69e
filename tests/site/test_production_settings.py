"""Production refuses to start when a setting would make it fail silently, and every process
(manage.py, wsgi) reads the deployment's one environment file (website.env)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from website.env import EnvironmentFileError, parse

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "k8#Zr2!vQp9xLw4@Tn6$Hc1&Jm3^Yb5*Ud7(Fg0)Se2_Ra4+Wq6=Ez8-Xy1",
    "ALLOWED_HOSTS": "www.example.org",
    "BASE_URL": "https://www.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


def _python(code, env_overrides, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _load_production(env, tmp_path):
    return _python(
        "import website.settings.production",
        {"DJANGO_SETTINGS_MODULE": "website.settings.production", **env},
        tmp_path,
    )


def test_complete_production_settings_load(tmp_path):
    result = _load_production(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"BASE_URL": ""}, "BASE_URL must be set"),
        ({"BASE_URL": "http://localhost:8000"}, "BASE_URL must be set"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "sends no mail",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
            "sends no mail",
        ),
        (
            {"TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "not read by `manage.py db_worker`",
        ),
    ],
)
def test_production_refuses_to_start(change, message, tmp_path):
    result = _load_production({**PRODUCTION, **change}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_every_problem_is_named_at_once(tmp_path):
    result = _load_production({"ALLOWED_HOSTS": "www.example.org"}, tmp_path)
    for message in ("SECRET_KEY must be set", "BASE_URL must be set", "REDIS_URL must be set"):
        assert message in result.stderr


SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.BASE_URL, settings.EMAIL_BACKEND)"
)


def _manage(args, env_overrides, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "VAR_DIR": str(tmp_path),
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _env_file(tmp_path, values):
    path = tmp_path / "env"
    lines = ["# the deployment's settings", ""]
    lines += [f"export {name}='{value}'" for name, value in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_manage_py_reads_the_environment_file_and_defaults_to_production(tmp_path):
    """A cron line `manage.py membership_sweep` needs no exported DJANGO_SETTINGS_MODULE."""
    path = _env_file(
        tmp_path,
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    result = _manage(["shell", "-c", SHOW_SETTINGS], {"HUANWEI_ENV_FILE": str(path)}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "website.settings.production",
        "https://www.example.org",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_the_process_environment_wins_over_the_file(tmp_path):
    path = _env_file(
        tmp_path,
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    result = _manage(
        ["shell", "-c", SHOW_SETTINGS],
        {"HUANWEI_ENV_FILE": str(path), "BASE_URL": "https://other.example.org"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "https://other.example.org" in result.stdout


def test_an_incomplete_environment_file_stops_manage_py(tmp_path):
    path = _env_file(tmp_path, {"SECRET_KEY": PRODUCTION["SECRET_KEY"]})
    result = _manage(["check"], {"HUANWEI_ENV_FILE": str(path)}, tmp_path)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_a_missing_named_environment_file_is_an_error(tmp_path):
    result = _manage(["check"], {"HUANWEI_ENV_FILE": str(tmp_path / "nope")}, tmp_path)
    assert result.returncode != 0
    assert "not a readable file" in result.stderr


def test_wsgi_reads_the_environment_file(tmp_path):
    path = _env_file(
        tmp_path,
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    result = _python(
        "import website.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)",
        {"HUANWEI_ENV_FILE": str(path)},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "website.settings.production"


def test_parse_reads_comments_exports_and_quotes():
    assert parse("# c\n\nexport A='x y'\nB=\"1=2\"\nC=plain\n") == {
        "A": "x y",
        "B": "1=2",
        "C": "plain",
    }
    with pytest.raises(EnvironmentFileError, match="line 1"):
        parse("not a line\n")
