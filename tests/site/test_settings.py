import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(args, env_overrides, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_chinese_first_and_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "SECRET_KEY": "k8#Zr2!vQp9xLw4@Tn6$Hc1&Jm3^Yb5*Ud7(Fg0)Se2_Ra4+Wq6=Ez8-Xy1",
            "ALLOWED_HOSTS": "www.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "BASE_URL": "https://www.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
        tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run_manage(["check"], {"ALLOWED_HOSTS": "www.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_public_base_url(tmp_path):
    """Emails and QR codes link to BASE_URL: a forgotten one would send people to localhost."""
    secret = {"SECRET_KEY": "k8#Zr2!vQp9xLw4@Tn6$Hc1&Jm3^Yb5*Ud7(Fg0)Se2_Ra4+Wq6=Ez8-Xy1"}
    for base_url in ({}, {"BASE_URL": "http://127.0.0.1:8000"}, {"BASE_URL": "http://localhost"}):
        result = _run_manage(
            ["check"], {**secret, "ALLOWED_HOSTS": "a.example.org", **base_url}, tmp_path
        )
        assert result.returncode != 0, base_url
        assert "BASE_URL must be set" in result.stderr
