"""The composite pages (member, group, home) get each panel's data from its app's selector, through
their view (``core.panels`` for the pages below the apps); the templates only render it and no
template tag runs a query."""
import ast
import datetime
import traceback
from pathlib import Path

import pytest
from django.db import connection

from core import panels
from core.dates import today
from savings.services import savings_deposit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

ROOT = Path(__file__).resolve().parents[2]
TAG_MODULES = sorted(p for p in ROOT.glob("*/templatetags/*.py") if ".venv" not in p.parts)
# What a template tag module may not import: anything that reads the database.
FORBIDDEN = {"selectors", "models", "panels", "cache"}


def _imported(path):
    """Return the dotted names a module imports (``from . import x`` as ``.x``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return names


def test_the_template_tags_import_no_selectors_models_or_cache():
    assert TAG_MODULES, "the money filters at least"
    found = {(str(path.relative_to(ROOT)), name) for path in TAG_MODULES for name in _imported(path)
             if name.startswith("django.db") or FORBIDDEN & set(name.split("."))}
    assert found == set()
    managers = {str(path.relative_to(ROOT)) for path in TAG_MODULES
                for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.Attribute) and node.attr == "objects"}
    assert managers == set()


def test_each_app_registers_its_panels():
    assert set(panels._REGISTRY[panels.MEMBER]) == {"savings", "loans", "meetings"}
    assert set(panels._REGISTRY[panels.GROUP]) == {"savings", "loans"}
    with pytest.raises(ValueError):
        panels.register("home", "loans")


@pytest.fixture
def composite(group_a, manager):
    """group_a: Rosnida saved 321,000 sukarela and borrowed Rp 1.000.000 today."""
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group_a, full_name="Rosnida", joined_on=datetime.date(2021, 1, 1))
    savings_deposit(member=member, kind="sukarela", amount=321_000, date=today(), actor=manager)
    loan = disburse_loan(member, manager, date=today())
    return member, loan


def _queries_from_template_tags(client, url):
    """GET ``url``; return (the response, the stacks of queries run with a template tag module on the stack)."""
    from_tags = []

    def guard(execute, sql, params, many, context):
        stack = traceback.extract_stack()
        if any("templatetags" in Path(frame.filename).parts and ".venv" not in Path(frame.filename).parts
               and Path(frame.filename).is_relative_to(ROOT) for frame in stack):
            from_tags.append((sql, "".join(traceback.format_list(stack[-12:]))))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(guard):
        response = client.get(url)
    return response, from_tags


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_the_composite_pages_show_the_panels_and_no_template_tag_queries(login, users, composite, role):
    member, loan = composite
    client = login(users[role])
    pages = {f"/members/{member.pk}/": [f"/loans/{loan.pk}/", "Rp 321.000", "1.000.000",
                                        f"/loans/member/{member.pk}/apply/"],
             f"/groups/{member.group_id}/": ["Rp 321.000", "Rp 1.000.000", f"/loans/group/{member.group_id}/"],
             "/": ['id="reports-panel"'] if role == "manager" else ["Rp 1.000.000"]}
    for url, shown in pages.items():
        response, from_tags = _queries_from_template_tags(client, url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert [text for text in shown if text not in content] == [], url
        assert from_tags == [], from_tags[0][1]
