"""Reads for imports: the log, the templates and the data in the import's own columns."""
from core.dates import today
from members.models import Member
from savings.selectors import balances_for_members

from .models import ImportRun
from .opening import KINDS
from .resources import RESOURCES, OpeningSavingsResource

EXPORT_QUERYSETS = {
    # Parents before children, so the file imports again into an empty database.
    "regions": lambda m: m.objects.select_related("parent").order_by("level", "code"),
    "groups": lambda m: m.objects.select_related("region").order_by("code"),
    "assignments": lambda m: m.objects.select_related("group", "officer").order_by("group__code", "start"),
    "members": lambda m: m.objects.select_related("group").order_by("group__code", "code"),
}


def import_runs(*, kind=None, status=None):
    """Return the import log, newest first, without the stored files."""
    runs = ImportRun.objects.select_related("created_by").defer("content", "preview", "problems")
    if kind:
        runs = runs.filter(kind=kind)
    if status:
        runs = runs.filter(status=status)
    return runs


def template_table(kind):
    """Return (headers, [example row]) for the downloadable template of ``kind``."""
    resource_class = RESOURCES[kind]
    headers = resource_class.column_names()
    return headers, [[resource_class.example.get(h, "") for h in headers]]


def opening_savings_table(*, as_of):
    """Return (headers, rows) of every current member's savings as of ``as_of``, as opening balances."""
    members = list(Member.objects.filter(exited_on__isnull=True).order_by("group__code", "code"))
    balances = balances_for_members([m.pk for m in members], as_of=as_of)
    rows = [[m.code, as_of.isoformat(), *(balances[m.pk][k] for k in KINDS)]
            for m in members if any(balances[m.pk].values())]
    return OpeningSavingsResource.column_names(), rows


def export_table(kind):
    """Return (headers, rows) of every ``kind`` row in the import's own columns, ready to import again."""
    if kind == "opening_savings":
        return opening_savings_table(as_of=today())
    resource = RESOURCES[kind]()
    dataset = resource.export(EXPORT_QUERYSETS[kind](resource._meta.model))
    return dataset.headers, list(dataset)
