#!/usr/bin/env python
"""Load test (issue #16): field officers submit meeting sheets while managers read the reports.

Bounded and local: everything listens on 127.0.0.1 and stops at the end (also on Ctrl+C or error).

1. The database ``--db`` is made anew as a copy of ``--template`` (a database seeded once with
   ``seed_demo --bulk --until ...``, see docs/performance.md), so every run starts from the same data
   and has months left to hold meetings in. ``--seed-groups N`` seeds the template first if it is
   missing.
2. With the production settings (as README's production steps; DEBUG off, a random secret) it runs
   migrate, collectstatic and compilemessages, starts ``gunicorn --workers 4`` and one ``db_worker``.
3. It times the raw SQL floor of the manager pages (``sql_floor.py``: the pages' own SELECTs, captured
   from a request, replayed straight through psycopg2; ``--capture`` captures them anew first), before
   the load and after it.
4. It runs locust headless (``locustfile.py``) for ``--time`` with ``--users``, samples the load
   average, prints p50/p95/max/errors per page as locust saw them, the time spent inside a gunicorn
   worker (its access log: the rest is waiting for a free worker), and the SQL floor beside the
   manager pages, and checks the budget: 0 errors, manager dashboard p95 within 1 s.

Usage (from the repository root; locust from requirements-bench.txt):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/lkp_load16 \\
    .venv/bin/python scripts/bench/load_test.py --template lkp_load16_seed --port 8106 --users 20 --time 3m
"""
import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST = "lkp.example.org"
MANAGER_PAGES = {"manager dashboard": "dashboard", "indicators, all groups, 12 months": "indicators",
                 "repayments and arrears": "repayments"}
BUDGET_P95_MS = {"manager dashboard": 1000}

# Each group's officer and the dates of its routine meetings not held yet, up to today (run in manage.py shell).
PLAN = """
import json, datetime
from core.dates import today
from groups.models import FieldOfficerAssignment, Group
from meetings.calendar import expected_for_group
from meetings.models import Meeting
from accounts.models import User
end = today()
groups = []
for g in Group.objects.order_by("pk"):
    a = FieldOfficerAssignment.objects.filter(group=g, end__isnull=True).select_related("officer").first()
    held = Meeting.objects.filter(group=g, type=Meeting.Type.ROUTINE).order_by("-date")
    last = held.values_list("date", flat=True).first()
    if a is None or last is None:
        continue
    start = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    dates = [d.isoformat() for d in expected_for_group(g, start=start, end=end)]
    if dates:
        groups.append({"group": g.pk, "officer": a.officer.username, "dates": dates})
managers = list(User.objects.filter(role=User.Role.MANAGER, is_active=True).values_list("username", flat=True))
print(json.dumps({"today": end.isoformat(), "managers": managers, "groups": groups}))
"""


def admin_db(url):
    """Return (psycopg2 connection to the server's ``postgres`` database, database name) for ``url``."""
    import psycopg2  # only this step talks to the server's own database

    parts = urllib.parse.urlparse(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password, dbname="postgres")
    conn.autocommit = True
    return conn, parts.path.lstrip("/")


def fresh_database(url, template):
    conn, name = admin_db(url)
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                    "pg_backend_pid()", [name])
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn.close()


def template_exists(url, template):
    conn, _ = admin_db(url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        found = cur.fetchone() is not None
    conn.close()
    return found


def seed_template(url, template, groups, until):
    conn, _ = admin_db(url)
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{template}"')
    conn.close()
    env = dict(os.environ, DATABASE_URL=urllib.parse.urlparse(url)._replace(path=f"/{template}").geturl())
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run(["manage.py", "migrate", "--no-input", "-v0"], env)
    run(["manage.py", "seed_demo", "--bulk", "--groups", str(groups), "--members-per-group", "25",
         "--years", "10", "--until", until], env)


def run(args, env, **kw):
    print("$", " ".join(a if "\n" not in a else "<the plan's code>" for a in args), flush=True)
    return subprocess.run([PY, *args], cwd=ROOT, env=env, check=True, **kw)


def start(args, env, log):
    print("$", " ".join(args), "&", flush=True)
    return subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(port):
    for _ in range(120):
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/healthz/",
                                         headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            if urllib.request.urlopen(req, timeout=5).status == 200:  # noqa: S310 (http on 127.0.0.1)
                return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer /healthz/")


class LoadSampler(threading.Thread):
    """Read /proc/loadavg every few seconds while the load runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.stop = [], threading.Event()

    def run(self):
        while not self.stop.wait(5):
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))


def read_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    failures, exceptions = [], []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv") as f:
            failures = list(csv.DictReader(f))
    if Path(f"{prefix}_exceptions.csv").exists():  # errors in the locustfile itself: they count too
        with open(f"{prefix}_exceptions.csv") as f:
            exceptions = list(csv.DictReader(f))
    return rows, failures, exceptions


# Each request's page (the locustfile's X-Load-Page header), status and time inside the worker in µs.
ACCESS = '%({x-load-page}i)s|%(s)s|%(D)s'


def served(path):
    """Return {page: sorted times in ms inside gunicorn}: locust's time less this is the wait for a free worker."""
    times = {}
    for line in Path(path).read_text().splitlines():
        name, _status, micros = line.rsplit("|", 2)
        if name != "-":
            times.setdefault(name, []).append(int(micros) / 1000)
    return {name: sorted(values) for name, values in times.items()}


def percentile(values, share):
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))] if values else float("nan")


def floor(env, label):
    out = subprocess.run([PY, str(HERE / "sql_floor.py"), "time", "--runs", "5"], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    print(f"raw SQL floor ({label}):")
    print(out, end="")
    return json.loads(out.strip().splitlines()[-1])


def report(rows, failures, exceptions, floors, loads, inside):
    order = ["manager dashboard", "indicators, all groups, 12 months", "repayments and arrears", "officer home",
             "open sheet", "sheet", "whoami", "submit sheet (sync)", "meeting record", "login page", "login",
             "Aggregated"]
    print()
    print(f"{'page':36} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'in worker p50/p95':>18}   SQL floor: warm / after a change, ms")
    for name in order + sorted(set(rows) - set(order)):
        row = rows.get(name)
        if not row:
            continue
        key = MANAGER_PAGES.get(name)
        sql = ""
        if key:
            sql = "  ".join(f"{f[key]['warm']['median_ms']:.0f} / {f[key]['after_change']['median_ms']:.0f}"
                            f" ({label})" for label, f in floors.items())
        mine = inside.get(name, [])
        worker = f"{percentile(mine, 0.5):.0f} / {percentile(mine, 0.95):.0f}" if mine else ""
        print(f"{name:36} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Max Response Time']):7.0f} {worker:>18}   {sql}")
    if loads:
        median = sorted(loads)[len(loads) // 2]
        print(f"load average (1 min) during the run: min {min(loads):.1f}, median {median:.1f}, "
              f"max {max(loads):.1f} ({os.cpu_count()} cores)")
    for failure in failures[:20]:
        print(f"  error: {failure.get('Method')} {failure.get('Name')}: {failure.get('Error')} "
              f"x{failure.get('Occurrences')}")
    for exception in exceptions[:5]:
        print(f"  exception in the locustfile: {exception.get('Message')} x{exception.get('Count')}")
    total = rows.get("Aggregated", {})
    errors = int(total.get("Failure Count") or 0) + sum(int(e.get("Count") or 0) for e in exceptions)
    ok = errors == 0
    print(f"budget: 0 errors: {'ok' if ok else 'MISSED'} ({errors} errors in {total.get('Request Count')} "
          "requests)")
    for name, budget in BUDGET_P95_MS.items():
        p95 = float(rows.get(name, {}).get("95%") or "inf")
        print(f"budget: {name} p95 <= {budget} ms: {'ok' if p95 <= budget else 'MISSED'} ({p95:.0f} ms)")
        ok = ok and p95 <= budget
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", required=True, help="the seeded database copied for each run")
    parser.add_argument("--seed-groups", type=int, default=0, help="seed the template with this many groups if missing")
    parser.add_argument("--seed-until", default="2026-02-28", help="last day of the template's history")
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (more than 1: the gthread worker)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--time", default="3m")
    parser.add_argument("--capture", action="store_true",
                        help="capture the manager pages' SQL anew (scripts/bench/sql/) before timing it")
    parser.add_argument("--out", default=None, help="folder for locust's CSV files and the server's log")
    opts = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database this load test may drop and copy anew")
    if not template_exists(url, opts.template):
        if not opts.seed_groups:
            sys.exit(f"no database {opts.template}: seed it (--seed-groups 30)")
        seed_template(url, opts.template, opts.seed_groups, opts.seed_until)
    out = Path(opts.out or tempfile.mkdtemp(prefix="lkp-load-"))
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="lkp.settings.production",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS=HOST, PYTHONPATH=str(ROOT))
    print(f"$ copy database {opts.template} -> {urllib.parse.urlparse(url).path.lstrip('/')}", flush=True)
    fresh_database(url, opts.template)
    run(["manage.py", "migrate", "--no-input", "-v0"], env)
    run(["manage.py", "collectstatic", "--no-input", "-v0"], env)
    run(["manage.py", "compilemessages", "--ignore=.venv", "-v0"], env)
    plan = run(["manage.py", "shell", "-c", PLAN], env, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    plan_file = out / "plan.json"
    plan_file.write_text(plan)
    meetings = sum(len(g["dates"]) for g in json.loads(plan)["groups"])
    print(f"plan: {meetings} meetings to hold in {len(json.loads(plan)['groups'])} groups")
    if opts.capture:
        run([str(HERE / "sql_floor.py"), "capture"], env)
    floors = {"quiet": floor(env, "before the load")}
    processes = []
    log = open(out / "server.log", "w")  # noqa: SIM115 (closed in the finally below)
    sampler = LoadSampler()
    try:
        processes.append(start([str(ROOT / ".venv/bin/gunicorn"), "lkp.wsgi", "--bind", f"127.0.0.1:{opts.port}",
                                "--workers", str(opts.workers), "--threads", str(opts.threads), "--timeout", "60",
                                "--access-logfile", str(out / "access.log"), "--access-logformat", ACCESS],
                               env, log))
        processes.append(start([PY, "manage.py", "db_worker", "--no-reload"], env, log))
        wait_healthy(opts.port)
        print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
        sampler.start()
        locust = subprocess.run(
            [str(ROOT / ".venv/bin/locust"), "-f", str(HERE / "locustfile.py"), "--headless",
             "--host", f"http://127.0.0.1:{opts.port}", "--users", str(opts.users), "--spawn-rate",
             str(opts.spawn_rate), "--run-time", opts.time, "--csv", str(out / "locust"), "--only-summary",
             "--stop-timeout", "30", "--exit-code-on-error", "0", "--loglevel", "WARNING"],
            cwd=ROOT, env=dict(env, LOAD_PLAN=str(plan_file)))
        sampler.stop.set()
        print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")
        if locust.returncode != 0:
            sys.exit(f"locust exited {locust.returncode}")
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
        log.close()
    floors["after"] = floor(env, "after the load, on the data it wrote")
    rows, failures, exceptions = read_stats(out / "locust")
    ok = report(rows, failures, exceptions, floors, sampler.samples, served(out / "access.log"))
    print(f"files: {out}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
