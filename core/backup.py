"""Back up and restore the whole database: ``pg_dump -Fc`` on PostgreSQL, SQLite's online backup.

Both copy a consistent snapshot while the application runs. A PostgreSQL dump restores with
``pg_restore --clean --if-exists --single-transaction``: the tables' data come back before their
triggers (append-only, month totals) are made again, so no trigger runs twice. See README "Backups".
"""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _pg_args(settings_dict):
    args, env = [], dict(os.environ)
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command, env=None):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def backup(path):
    """Write a consistent copy of the database to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_args(settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args, settings_dict["NAME"]], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # SQLite's online backup: a snapshot, pages copied as they are
        finally:
            target.close()
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return path


def restore(path):
    """Replace every table of the database with the copy in ``path`` (made by :func:`backup`)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such backup: {path}")
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore drops the tables: no open transaction of ours may hold them
        args, env = _pg_args(settings_dict)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--dbname", settings_dict["NAME"], *args, str(path)], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise BackupError(f"no restore for {connection.vendor}")
