"""Backups of everything a restore needs: the database and the files of both storages.

A backup is a folder:

    database.dump        pg_dump's custom format (PostgreSQL) or a copy of the SQLite file
    media/<name>         every file of the media storage (public images and renditions)
    private/<name>       every file of the private storage (licences, proofs, documents ...)
    manifest.json        when, which database engine, and how many files of each storage

Files are read and written through Django's storage API, so the same commands back up and
restore a file-system deployment or one on an S3-compatible store (and move one to the other).
`restore` refuses a database that already has tables: it restores into a fresh, empty database.
README, "Deploying", gives the procedure; .ci/smoke runs it as a drill.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection

STORAGE_FOLDERS = {"default": "media", "private": "private"}


class BackupError(RuntimeError):
    pass


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, through listdir (file system and object stores alike)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def _pg_environment(database: dict) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(command: list[str], database: dict) -> None:
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
        command, env=_pg_environment(database), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def dump_database(target: Path) -> str:
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], database)
    elif connection.vendor == "sqlite":
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
    else:
        raise BackupError(f"no backup for the {connection.vendor} database engine")
    return connection.vendor


def restore_database(source: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"the backup is of {vendor}, this site runs {connection.vendor}")
    if connection.introspection.table_names():
        raise BackupError(
            "the database already has tables: restore into a new, empty database "
            "(createdb, then point DATABASE_URL at it)"
        )
    database = settings.DATABASES["default"]
    if vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(source),
            ],
            database,
        )
    else:
        connection.close()
        shutil.copyfile(source, database["NAME"])


def backup(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=False)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": dump_database(folder / "database.dump"),
        "files": {},
    }
    for alias, name in STORAGE_FOLDERS.items():
        storage = storages[alias]
        count = 0
        for stored in walk(storage):
            target = folder / name / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(stored, "rb") as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
            count += 1
        manifest["files"][name] = count
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(folder: Path) -> dict:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{folder} holds no backup (manifest.json is missing)")
    manifest = json.loads(manifest_path.read_text())
    restore_database(folder / "database.dump", manifest["database"])
    restored = {}
    for alias, name in STORAGE_FOLDERS.items():
        storage = storages[alias]
        root = folder / name
        count = 0
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if not path.is_file():
                continue
            stored = path.relative_to(root).as_posix()
            if storage.exists(stored):
                storage.delete(stored)
            with open(path, "rb") as handle:
                saved = storage.save(stored, File(handle))
            if saved != stored:
                raise BackupError(f"{stored} was stored as {saved}")
            count += 1
        restored[name] = count
    return {"database": manifest["database"], "files": restored}
