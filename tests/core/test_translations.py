"""Every msgid in the project's catalogues has an Indonesian translation, and the catalogues are
up to date with the code (makemessages finds nothing new)."""
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "core", "audit", "groups", "members", "books", "savings", "loans", "sheet", "exits", "yearend",
        "meetings", "reports", "imports", "pwa", "dashboard", "demo"]


def _catalogues(base):
    yield base / "locale" / "id" / "LC_MESSAGES" / "django.po"
    for app in APPS:
        po = base / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
        if po.exists():
            yield po


def _untranslated(po_path):
    po = polib.pofile(str(po_path))
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_every_committed_string_is_translated_to_indonesian():
    problems = {str(p.relative_to(ROOT)): _untranslated(p) for p in _catalogues(ROOT)}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.slow
def test_catalogues_cover_every_string_in_the_code(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "*.sqlite3*",
                                                              "node_modules", "__pycache__", "*.mo"))
    subprocess.run(["make", "-s", "messages", f"VENV={ROOT / '.venv'}", f"PY={sys.executable}"], cwd=copy,
                   check=True, capture_output=True)
    problems = {str(p.relative_to(copy)): _untranslated(p) for p in _catalogues(copy)}
    assert {k: v for k, v in problems.items() if v} == {}, "run `make messages` and translate the new strings"


def test_one_msgid_has_one_translation_across_catalogues():
    """Django merges every app's catalogue into one, so a msgid translated two ways in two apps
    silently takes whichever app comes first; give such strings a context (pgettext) instead."""
    seen = {}
    for path in _catalogues(ROOT):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            seen.setdefault(key, {}).setdefault(entry.msgstr, []).append(path.parent.parent.parent.parent.name)
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert clashes == {}


# The names makemessages reads (xgettext's defaults and Django's --keyword list); a string marked
# through any other name (``gettext_lazy as _lazy``) never reaches the catalogue and stays English.
EXTRACTED = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
             "pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_are_imported_under_names_makemessages_reads():
    import ast

    aliased = []
    for path in ROOT.glob("**/*.py"):
        if {".venv", "node_modules", "migrations", "tests"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliased += [f"{path.relative_to(ROOT)}: {a.name} as {a.asname}" for a in node.names
                            if a.asname and a.asname not in EXTRACTED and a.name in EXTRACTED]
    assert aliased == []
