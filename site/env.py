"""One environment file for every process of a deployment.

`manage.py` (so `migrate`, `db_worker`, `check --deploy` and the cron jobs), `wsgi.py` and
`asgi.py` call `load_environment()` before Django reads its settings. It reads the file named
by HUANWEI_ENV_FILE, or /etc/huanwei/env when that variable is unset, as `NAME=value` lines
(blank lines and `#` comments skipped, an optional `export ` prefix, optional quotes around the
value). A variable already set in the process environment wins over the file.

When the file exists the settings default to `website.settings.production` (the file may name
another DJANGO_SETTINGS_MODULE), so nobody has to remember to export it on a server; without a
file `manage.py` stays on `website.settings.dev`. A HUANWEI_ENV_FILE that names a missing file
is an error rather than a silent fall-back to development settings.

This module imports nothing from Django: it runs before the settings exist.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ENV_FILE = "/etc/huanwei/env"
PRODUCTION_SETTINGS = "website.settings.production"


class EnvironmentFileError(RuntimeError):
    pass


def env_file() -> Path:
    return Path(os.environ.get("HUANWEI_ENV_FILE") or DEFAULT_ENV_FILE)


def parse(text: str, *, source: str = "environment file") -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.replace("_", "").isalnum() or name[0].isdigit():
            raise EnvironmentFileError(f"{source}, line {number}: expected NAME=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def load_environment(default_settings: str) -> Path | None:
    """Read the environment file into os.environ (without overriding what is set) and set
    DJANGO_SETTINGS_MODULE's default; returns the file read, or None."""
    path = env_file()
    explicit = bool(os.environ.get("HUANWEI_ENV_FILE"))
    if not path.is_file():
        if explicit:
            raise EnvironmentFileError(
                f"HUANWEI_ENV_FILE names {path}, which is not a readable file."
            )
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
        return None
    for name, value in parse(path.read_text(encoding="utf-8"), source=str(path)).items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", PRODUCTION_SETTINGS)
    return path
