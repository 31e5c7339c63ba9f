"""The load test's users (issue #16): field officers submitting meeting sheets while managers read the reports.

Run by ``scripts/bench/load_test.py``, which seeds the database, starts gunicorn and a worker with
the production settings, writes the plan this file reads (``LOAD_PLAN``: each group's officer and the
dates of the meetings still to hold) and prints the numbers. Two kinds of user:

* **FieldOfficer**: claims a group of hers, and meeting by meeting: her home page, "open the sheet"
  (POST, a draft meeting is recorded), the sheet, "who am I" (a fresh CSRF token, as the phone's
  queue asks), the sheet sent with "Kirim" as the phone's script does (``sheet/sync/``,
  ``action=submit`` with a fresh ``submission_id``, every member present and paying what the sheet
  says she owes, the cash counted equal to the expected total), then the meeting record.
* **Manager**: the dashboard, the indicators of all groups over twelve months, repayments and arrears.

The server runs with the production settings behind a pretend TLS proxy (``X-Forwarded-Proto``),
so its cookies are marked Secure; they are sent back over the loopback address all the same.
"""
import datetime
import json
import os
import re
import uuid
from collections import deque
from html.parser import HTMLParser

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

HOST = os.environ.get("LOAD_HOST", "lkp.example.org")
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo12345")
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}",
           "Referer": f"https://{HOST}/"}


def page(name):
    """The page's name for the server's access log (load_test.py times each page inside gunicorn too)."""
    return {"X-Load-Page": name}


def _plan():
    path = os.environ.get("LOAD_PLAN")
    if not path:
        return {"managers": ["manager"], "groups": []}
    with open(path) as f:
        return json.load(f)


PLAN = _plan()
# Each group is held by one officer user at a time (locust runs its users in one process), so two
# users never open the same group's month.
GROUPS = deque(PLAN["groups"])


class SheetForm(HTMLParser):
    """Read the sheet's form as "All paid as due" fills it (static/js/meeting_sheet.js)."""

    def __init__(self):
        super().__init__()
        self.opening, self.sync_url, self.fields, self.cash = 0, None, {}, 0
        self.attendance = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "sheet":
            self.opening = int(a.get("data-opening") or 0)
            self.sync_url = a.get("data-sync-url")
        elif tag == "select" and (a.get("name") or "").endswith("-attendance") and "disabled" not in a:
            self.attendance.append(a["name"])
        elif tag == "input" and a.get("data-field") and "disabled" not in a:
            due = int(a.get("data-due") or 0)
            value = (a.get("value") or "").strip()
            if not value and due > 0:
                value = str(due)
            self.fields[a["name"]] = value
            amount = int(re.sub(r"[^0-9]", "", value) or 0)
            self.cash += amount * int(a.get("data-sign") or 0)
            if amount and a.get("data-fee"):
                self.cash += int(a["data-fee"])

    def pairs(self, submission_id):
        data = dict(self.fields)
        data.update(dict.fromkeys(self.attendance, "present"))
        data.update({"cash_counted": str(self.opening + self.cash), "cash_difference_note": "",
                     "action": "submit", "submission_id": submission_id})
        return data


class BehindTheProxy(RequestsCookieJar):
    """Keep the Secure cookies for the loopback address too: the pretend proxy stands for TLS."""

    def extract_cookies(self, response, request):
        super().extract_cookies(response, request)
        for cookie in self:
            cookie.secure = False


class LkpUser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers.update(HEADERS)
        self.client.cookies = BehindTheProxy()
        self.username = None

    def login(self, username):
        if self.username == username:
            return True
        self.client.cookies.clear()
        response = self.client.get("/login/", name="login page", headers=page("login page"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text or "")
        with self.client.post("/login/", name="login", allow_redirects=False, catch_response=True,
                              headers=page("login"),
                              data={"csrfmiddlewaretoken": token.group(1) if token else "",
                                    "username": username, "password": PASSWORD}) as answer:
            if answer.status_code != 302:
                answer.failure(f"login as {username}: {answer.status_code}")
                return False
        self.username = username
        return True

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False,
                             headers=page(name)) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")
        return response


class Manager(LkpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        managers = PLAN["managers"]
        self.login(managers[id(self) % len(managers)])
        end = datetime.date.fromisoformat(PLAN.get("today") or datetime.date.today().isoformat())
        start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
        self.period = f"start={start}&end={end}"

    @task(2)
    def dashboard(self):
        self.get("/", "manager dashboard")

    @task(1)
    def indicators(self):
        self.get(f"/reports/indicators/?{self.period}", "indicators, all groups, 12 months")

    @task(1)
    def repayments(self):
        self.get(f"/reports/portfolio/?{self.period}", "repayments and arrears")


class FieldOfficer(LkpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.claimed = None

    def _claim(self):
        """Take the next group with meetings left, one of the logged-in officer's if any."""
        if self.claimed and self.claimed["dates"]:
            return self.claimed
        if self.claimed:
            self.claimed = None
        for i, group in enumerate(GROUPS):
            if group["officer"] == self.username:
                del GROUPS[i]
                self.claimed = group
                return group
        if GROUPS:
            self.claimed = GROUPS.popleft()
        return self.claimed

    @task
    def hold_meeting(self):
        group = self._claim()
        if group is None:  # every planned meeting is held: she reads her home page
            self.get("/", "officer home")
            return
        if not self.login(group["officer"]):
            return
        day = group["dates"].pop(0)
        self.get("/", "officer home")
        response = self.client.get("/offline/whoami/", name="whoami", headers=page("whoami"))
        token = response.json()["csrf"]
        with self.client.post(f"/meetings/group/{group['group']}/open/", name="open sheet", allow_redirects=False,
                              catch_response=True, headers=page("open sheet"),
                              data={"date": day, "csrfmiddlewaretoken": token}) as answer:
            sheet_url = answer.headers.get("Location", "")
            if answer.status_code != 302 or "/sheet/" not in sheet_url:
                answer.failure(f"open {group['group']} {day}: {answer.status_code} {sheet_url}")
                return
        response = self.get(sheet_url, "sheet")
        form = SheetForm()
        form.feed(response.text or "")
        if not form.sync_url:
            return
        token = self.client.get("/offline/whoami/", name="whoami", headers=page("whoami")).json()["csrf"]
        with self.client.post(form.sync_url, name="submit sheet (sync)", catch_response=True, allow_redirects=False,
                              headers={"X-CSRFToken": token, "Accept": "application/json",
                                       **page("submit sheet (sync)")},
                              data=form.pairs(str(uuid.uuid4()))) as answer:
            try:
                result = answer.json()
            except ValueError:
                result = {}
            if answer.status_code != 200 or result.get("status") != "posted":
                answer.failure(f"submit {group['group']} {day}: {answer.status_code} {str(result)[:300]}")
                return
        self.get(result["url"], "meeting record")
