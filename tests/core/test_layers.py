"""The apps import downward: nothing imports ``reports``, and ``yearend`` sits between loans and meetings."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDER = ["accounts", "core", "audit", "groups", "members", "books", "savings", "loans", "yearend", "meetings",
         "reports", "imports"]


def imports_of(app):
    """Return {(module path, imported app)} of every import in ``app`` (functions' own imports too)."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found |= {(str(path.relative_to(ROOT)), name.split(".")[0]) for name in names}
    return found


def test_nothing_imports_reports():
    assert {(path, app) for other in ORDER if other != "reports"
            for path, app in imports_of(other) if app == "reports"} == set()


def test_yearend_imports_only_the_apps_below_it_and_they_never_import_it():
    below = ORDER[:ORDER.index("yearend")]
    assert {(path, app) for path, app in imports_of("yearend") if app in ORDER and app not in below + ["yearend"]} \
        == set()
    assert {(path, app) for other in below for path, app in imports_of(other) if app == "yearend"} == set()


def test_the_layers_contract_is_kept():
    """``.importlinter`` (also run by ``lint-imports`` in .ci/run): every app imports only the layers below it."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0
