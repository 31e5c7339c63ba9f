#!/usr/bin/env python
"""The raw SQL floor of the manager pages: their own SELECTs, replayed straight on the database.

``capture``: logs in as the first manager and requests the dashboard, the indicators (all groups,
twelve months) and repayments and arrears through Django's test client, twice each: the second
request (``warm``: the figures come from the cache) and one right after an audited change in one group
(``after_change``: that group's figures are recomputed, what a manager waits after a sheet is
submitted; the change is rolled back). The SELECT statements each ran, with their parameters, go to
``scripts/bench/sql/<page>.<state>.sql`` (runnable with ``psql -f``; the cache's and session's writes
are left out).

``cold`` is captured too: the first request after the cache was emptied (a restart with a cache that
keeps nothing), the floor of the budget "from an empty cache within 2x the raw SQL floor".
``--dir`` keeps another database's files apart (``scripts/bench/sql/1200`` for the 1,200 groups).

``time``: runs each file's statements on one raw psycopg2 connection (the app's session settings:
JIT off), ``--runs`` times, and prints the median and the largest total; the last line is JSON for
``load_test.py``. The difference between a page's time and its floor is Django, Python and the network.

Usage: DATABASE_URL=... .venv/bin/python scripts/bench/sql_floor.py capture|time [--runs 5]
"""
import argparse
import datetime
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL = Path(__file__).resolve().parent / "sql"
SEPARATOR = "-- query "


def pages():
    from core.dates import add_months, today  # the script sets Django up first (main): apps load after

    end = today()
    start = add_months(end, -12) + datetime.timedelta(days=1)
    period = f"start={start}&end={end}"
    return {"dashboard": "/", "indicators": f"/reports/indicators/?{period}",
            "repayments": f"/reports/portfolio/?{period}"}


def _selects(captured):
    return [q["sql"] for q in captured if re.match(r"\s*(SELECT|WITH)\b", q["sql"], re.I)]


def _write(out, name, url, statements):
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"-- {url}: {len(statements)} SELECTs (scripts/bench/sql_floor.py capture)"]
    for i, sql in enumerate(statements, 1):
        lines += [f"{SEPARATOR}{i}", sql.rstrip().rstrip(";") + ";"]
    (out / f"{name}.sql").write_text("\n".join(lines) + "\n")


def capture(out):
    # Imported here, as in pages() and time_files(): models load only after main() has set Django up.
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User
    from audit.services import audit_record
    from groups.models import Group

    manager = User.objects.filter(role=User.Role.MANAGER, is_active=True).order_by("pk").first()
    group = Group.objects.order_by("pk").first()
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(manager)
        for name, url in pages().items():
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, secure=True).status_code == 200
            _write(out, f"{name}.cold", url, _selects(ctx.captured_queries))
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, secure=True).status_code == 200
            _write(out, f"{name}.warm", url, _selects(ctx.captured_queries))
            with transaction.atomic():
                audit_record(actor=manager, action="bench.sql_floor", obj=group, group=group)
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url, secure=True).status_code == 200
                transaction.set_rollback(True)
            _write(out, f"{name}.after_change", url, _selects(ctx.captured_queries))
            print(f"{name}: written {out}/{name}.cold.sql, .warm.sql and .after_change.sql")


def statements(path):
    text = path.read_text()
    parts = re.split(rf"^{re.escape(SEPARATOR)}\d+$", text, flags=re.M)[1:]
    return [p.strip() for p in parts if p.strip()]


def time_files(out, runs):
    from django.db import connection  # after main() has set Django up

    connection.ensure_connection()
    raw = connection.connection  # psycopg2, with the app's connection options (JIT off)
    result = {}
    for name in pages():
        result[name] = {}
        for state in ("cold", "warm", "after_change"):
            if not (out / f"{name}.{state}.sql").exists():  # files captured before "cold" was
                continue
            queries = statements(out / f"{name}.{state}.sql")
            totals = []
            for _ in range(runs):
                started = time.perf_counter()
                with raw.cursor() as cur:
                    for sql in queries:
                        cur.execute(sql)
                        cur.fetchall()
                raw.rollback()
                totals.append((time.perf_counter() - started) * 1000)
            result[name][state] = {"queries": len(queries), "median_ms": statistics.median(totals),
                                   "max_ms": max(totals)}
            print(f"{name:12} {state:13} {len(queries):4d} SELECTs  median {statistics.median(totals):7.1f} ms  "
                  f"max {max(totals):7.1f} ms")
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["capture", "time"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=SQL, help="where the captured files are (default: sql/)")
    opts = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkp.settings.local")
    import django  # imported once the settings module is chosen above

    django.setup()
    capture(opts.dir) if opts.mode == "capture" else time_files(opts.dir, opts.runs)


if __name__ == "__main__":
    main()
