import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,expected,hidden", [
    ("manager", ["Anggrek", "Garuda Metro"], []),
    ("pendamping1", ["Anggrek"], ["Garuda Metro"]),
    ("pendamping2", ["Garuda Metro"], ["Anggrek"]),
    ("bendahara1", ["Anggrek"], ["Garuda Metro"]),
])
def test_dashboard_per_role(login, users, role, expected, hidden):
    content = login(users[role]).get("/").content.decode()
    for name in expected:
        assert name in content
    for name in hidden:
        assert name not in content


def test_login_page_is_public_and_indonesian(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True}


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": False}


# The manager's dashboard on demo-like data (issue #13): one figure per card, the month in progress
# marked, charts with a scale, the ranking bars equal to the indicators.
import datetime  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402

from django.core.management import call_command  # noqa: E402

D = datetime.date
CARD = re.compile(r'data-card="(\w+)">(.*?)</div>', re.S)


def _cards(content):
    return {key: " ".join(value.split()) for key, value in CARD.findall(content)}


@pytest.fixture
def demo(db):
    """The demo's own history in bulk, small: four groups, eight members each, a year up to today."""
    call_command("seed_demo", groups=4, members_per_group=8, years=1, seed=7, bulk=True, stdout=io.StringIO())
    from accounts.models import User

    return User.objects.get(username="manager")


def test_no_two_cards_show_the_same_figure_on_demo_data(client, demo):
    client.force_login(demo)
    response = client.get("/")
    cards = _cards(response.content.decode())
    assert set(cards) == {"active_groups", "active_members", "active_borrowers", "savings_total", "glp", "par30",
                          "repayment_rate", "disbursed_value", "oss"}
    shown = list(cards.values())
    assert len(set(shown)) == len(shown), cards
    # The books' loans receivable, the portfolio and the loans' outstanding principal are one figure
    # when the books agree with the loans (as on the demo): one card, and no warning.
    from core.money import format_rupiah

    values = response.context["values"]
    assert values["glp"] > 0 and values["loans_receivable"] == values["glp"]
    assert cards["glp"] == format_rupiah(values["glp"])
    content = response.content.decode()
    assert "data-books-differ" not in content
    assert "Sisa pokok</div>" not in content and "Pinjaman berjalan" not in content  # the loans panel's cards


def test_ranking_bars_equal_the_indicators_and_charts_have_a_scale(client, demo):
    from groups.models import Group
    from reports.selectors.indicators import indicators_for

    client.force_login(demo)
    response = client.get("/")
    content = response.content.decode()
    start, end = response.context["start"], response.context["end"]
    for ranking in response.context["rankings"]:
        key = ranking["indicator"].key
        rows = ranking["rows"]
        assert rows, key
        for row in rows:
            assert row["value"] == indicators_for(Group.objects.filter(pk=row["group_id"]), start=start, end=end)[key]
        values = [row["value"] for row in rows]
        assert values == sorted(values, reverse=key == "par30")  # the worst first
        block = content[content.index(f'id="rank-{key}"'):]
        block = block[:block.index("</ol>")]
        written = [w.strip() for w in re.findall(r"data-bar-value>(.*?)</span>", block, re.S)]
        assert written == [f"{row['value'] * 100:.2f} %".replace(".", ",") for row in rows]
        assert [row["name"] for row in rows] == re.findall(r'\?group=\d+">(.*?)</a>', block)
    # Every chart has a scale on the left (ticks with gridlines), months below and each point's value.
    for chart in response.context["charts"]:
        svg = content[content.index(f'id="chart-{chart["key"]}-{chart["months"]}"'):]
        svg = svg[:svg.index("</svg>")]
        ticks = chart["chart"]["ticks"]
        assert len(ticks) >= 2 and svg.count('class="axis-y"') == len(ticks)
        assert svg.count("<line ") == len(ticks) + 1  # a gridline per tick and the base line
        assert svg.count('class="axis-x"') >= 2
        assert svg.count("<title>") == len(chart["chart"]["dots"]) + 1
    savings = next(c for c in response.context["charts"] if c["key"] == "savings" and c["months"] == 12)["chart"]
    labels = [t["label"] for t in savings["ticks"]]
    assert all(label.endswith(" jt") or label == "0" for label in labels), labels  # Indonesian millions


def _at(monkeypatch, day):
    """Make ``day`` today for the panel: its period (reports.selectors.scope.default_period) and its cache."""
    import core.cache
    import reports.selectors.scope as scope

    monkeypatch.setattr(scope, "today", lambda: day)
    monkeypatch.setattr(core.cache, "today", lambda: day)


def test_the_month_in_progress_is_marked_month_to_date(login, users, group_a, manager, monkeypatch):
    """On 1 July 2024 July has only begun: stocks show it hollow and marked, the repayment rate leaves it out."""
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    _at(monkeypatch, D(2024, 7, 1))
    response = login(users["manager"]).get("/")
    content = response.content.decode()
    assert "Jul 2024, bulan berjalan (s.d. 1 Juli 2024)" in content
    charts = {(c["key"], c["months"]): c["chart"] for c in response.context["charts"]}
    par, repayment = charts[("par30", 12)], charts[("repayment_rate", 12)]
    assert par["dots"][-1]["partial"] and par["dashed"]
    assert par["dots"][-1]["title"].startswith("Jul 2024, bulan berjalan")
    assert not any(d["partial"] for d in repayment["dots"])  # not drawn
    assert repayment["left_out"]["label"].startswith("Jul 2024, bulan berjalan")
    assert repayment["last_row"]["label"] == "Jun 2024"
    # June: 120,000 received (Rosmaniar) of 350,000 due (120,000 + 120,000 + 110,000).
    assert repayment["last_row"]["value"] == "34,29 %"
    assert content.count("data-month-to-date") >= 10


def test_a_month_that_is_over_is_not_marked(login, users, group_a, manager, monkeypatch):
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    _at(monkeypatch, D(2024, 6, 30))
    response = login(users["manager"]).get("/")
    assert "bulan berjalan" not in response.content.decode()
    assert "data-month-to-date" not in response.content.decode()
    repayment = next(c for c in response.context["charts"] if c["key"] == "repayment_rate")["chart"]
    assert repayment["left_out"] is None and repayment["last_row"]["label"] == "Jun 2024"
