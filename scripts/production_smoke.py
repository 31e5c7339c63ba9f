#!/usr/bin/env python
"""Run the README's production steps as written and prove the app then serves pages.

Reads the shell block between ``<!-- production-steps -->`` and ``<!-- /production-steps -->``
in README.md and runs each line with bash, except:
- ``export`` lines, whose site-specific values (secret, hosts, database) this script sets itself;
- the ``gunicorn`` line, which it starts in the background on a free port.
Then, with DEBUG off behind a pretend TLS proxy (X-Forwarded-Proto: https, as the README's proxy
sets it), it requests the health check, the login page, logs in, and asks for the dashboard, the
admin, the audit trail, the password page, a PDF and a hashed static file: every one must answer 200
(signed-in pages with Cache-Control no-store, the login page with the strict CSP). Then a background
job: the README's ``db_worker`` line runs in the background too; one demo group is seeded, its members'
statements asked for, the job's status polled until it is done and its PDF downloaded.
Exit status 0 only if all do.

Usage: scripts/production_smoke.py  (DATABASE_URL must name a PostgreSQL database it may reset)
"""
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "lkp.example.org"


def production_steps():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- production-steps -->\s*```sh\n(.*?)```\s*<!-- /production-steps -->", text, re.S)
    if not block:
        sys.exit("README.md has no <!-- production-steps --> block")
    lines = []
    for raw in block.group(1).splitlines():
        line = raw.split("  #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A tiny HTTP client that keeps cookies whatever their Secure flag (the proxy would add TLS)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        head = {"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}/login/"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head.update(headers or {})
        conn.request(method, path, body=body, headers=head)
        response = conn.getresponse()
        data = response.read()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, data


def check(label, ok, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'} {label} {detail}")
    return ok


SEED_GROUP = """
import datetime
from accounts.models import User
from groups.models import Group, Region
from members.models import Member
from members.services import member_register
admin = User.objects.get(username="admin")
region = Region.objects.create(code="SMOKE", name="Kota Smoke", level=Region.Level.DISTRICT)
group = Group.objects.create(code="SMOKE-1", name="Smoke", region=region)
for i in range(5):
    member_register(actor=admin, member=Member(code=f"SMOKE-{i}", group=group, full_name=f"Anggota {i}",
                                               joined_on=datetime.date(2024, 1, 1)))
print(group.pk)
"""


def background_job(client, env):
    """Ask for a group's statements as the treasurer's button does, poll the job to done, download the PDF."""
    python = str(ROOT / ".venv" / "bin" / "python")
    print("$ manage.py shell: one group of five members, through the services")
    group = subprocess.run([python, "manage.py", "shell", "-c", SEED_GROUP], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.split()[-1]
    response, body = client.request("GET", f"/groups/{group}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    started = time.perf_counter()
    response, _ = client.request("POST", f"/reports/groups/{group}/member-statements/pdf/",
                                 body=urllib.parse.urlencode({"csrfmiddlewaretoken": token}),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    answered = time.perf_counter() - started
    job = re.fullmatch(r"/jobs/(\d+)/", response.getheader("Location") or "")
    results = [check("POST all member statements", response.status == 302 and bool(job),
                     f"{response.status} -> {response.getheader('Location')} in {answered:.2f} s")]
    if not job:
        return results
    status = {}
    for _ in range(240):
        response, body = client.request("GET", f"/jobs/{job.group(1)}/status/")
        status = json.loads(body)
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    results.append(check("the worker finished the job", status.get("status") == "done",
                         f"{status} after {time.perf_counter() - started:.1f} s"))
    response, body = client.request("GET", f"/jobs/{job.group(1)}/file/")
    results.append(check(f"GET /jobs/{job.group(1)}/file/", response.status == 200 and body.startswith(b"%PDF")
                         and response.getheader("Content-Type") == "application/pdf", f"{len(body)} bytes"))
    return results


def main():
    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database this smoke test may fill")
    env.update({
        "DJANGO_SETTINGS_MODULE": "lkp.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SUPERUSER_PASSWORD": "smoke-" + secrets.token_urlsafe(12),
    })
    port = free_port()
    server, workers = None, []
    try:
        for line in production_steps():
            if line.startswith("export "):
                print(f"$ {line}   (value set by the smoke test)")
                continue
            if "gunicorn" in line:
                line = re.sub(r"--bind\s+\S+", f"--bind 127.0.0.1:{port}", line)
                print(f"$ {line} &")
                server = subprocess.Popen(["bash", "-c", "exec " + line], cwd=ROOT, env=env,
                                          start_new_session=True)
                continue
            if "db_worker" in line:
                line = line.rstrip("&").strip()
                print(f"$ {line} &")
                workers.append(subprocess.Popen(["bash", "-c", "exec " + line], cwd=ROOT, env=env,
                                                start_new_session=True))
                continue
            print(f"$ {line}")
            subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, check=True)
        if server is None:
            sys.exit("the README's production steps start no gunicorn")
        client = Client(port)
        for _ in range(60):
            try:
                client.request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.5)
        results = []
        response, body = client.request("GET", "/healthz/")
        results.append(check("GET /healthz/", response.status == 200, body.decode()[:80]))
        response, body = client.request("GET", "/login/")
        page = body.decode()
        results.append(check("GET /login/", response.status == 200 and "Masuk" in page, str(response.status)))
        csp = response.getheader("Content-Security-Policy") or ""
        results.append(check("login page has the strict CSP", "script-src 'self'" in csp and "unsafe" not in csp,
                             csp[:60]))
        css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
        results.append(check("login page links hashed static files", bool(css)))
        if css:
            response, body = client.request("GET", css.group(1), headers={"Accept-Encoding": "br, gzip"})
            results.append(check(f"GET {css.group(1)}", response.status == 200,
                                 f"{response.getheader('Content-Encoding')}, {len(body)} bytes, "
                                 f"{response.getheader('Cache-Control')}"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "admin",
                                       "password": env["DJANGO_SUPERUSER_PASSWORD"]})
        response, _ = client.request("POST", "/login/", body=form,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        results.append(check("POST /login/ (admin)", response.status == 302, response.getheader("Location") or ""))
        for path, kind in [("/", "text/html"), ("/admin/", "text/html"), ("/audit/", "text/html"),
                           ("/password/", "text/html"),
                           ("/loans/simulator/pdf/?principal=1.000.000&rate=2&term=10&method=flat&rounding=100"
                            "&grace=0", "application/pdf")]:
            response, body = client.request("GET", path)
            results.append(check(f"GET {path}", response.status == 200 and kind in response.getheader(
                "Content-Type", "") and "no-store" in response.getheader("Cache-Control", ""),
                f"{response.status} {response.getheader('Content-Type')} {len(body)} bytes, "
                f"{response.getheader('Cache-Control')}"))
        if not workers:
            sys.exit("the README's production steps start no db_worker")
        results += background_job(client, env)
        if not all(results):
            sys.exit("production smoke test failed")
        print("production smoke test passed")
    finally:
        for process in ([server] if server is not None else []) + workers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
