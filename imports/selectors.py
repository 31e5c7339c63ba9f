"""Reads for imports: the log, the templates and the data in the import's own columns."""
from django.db.models import Count, Sum

from books.models import JournalLine
from core.dates import today
from loans.models import Loan, LoanStatus
from loans.positions import loan_position
from members.models import Member
from savings.selectors import KINDS, balances_for_members

from .models import ImportRun
from .resources import RESOURCES, OpeningBooksResource, OpeningLoanResource, OpeningSavingsResource
from .resources.openings import OWN_FILES

EXPORT_QUERYSETS = {
    # Parents before children, so the file imports again into an empty database.
    "regions": lambda m: m.objects.select_related("parent").order_by("level", "code"),
    "groups": lambda m: m.objects.select_related("region").order_by("code"),
    "rules": lambda m: m.objects.select_related("group").order_by("group__code", "effective_from"),
    "assignments": lambda m: m.objects.select_related("group", "officer").order_by("group__code", "start"),
    "members": lambda m: m.objects.select_related("group").order_by("group__code", "code"),
    # Deposits and withdrawals that stand (neither a reversal nor reversed), oldest first.
    "savings_history": lambda m: m.objects.filter(type__in=["deposit", "withdrawal"], reversed_by__isnull=True)
    .select_related("member").order_by("value_date", "id"),
    # The member's own payments that stand; what a loan brought in at its cut-over is in its opening balance.
    "loan_repayments": lambda m: m.objects.filter(kind="member", reversal__isnull=True)
    .exclude(entry__kind="opening").select_related("member", "loan").order_by("value_date", "id"),
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
    rows = [{"Kode anggota": m.code, "Tanggal saldo awal": as_of.isoformat(),
             **{f"Simpanan {kind}": balances[m.pk][kind] for kind in KINDS}}
            for m in members if any(balances[m.pk].values())]
    headers = OpeningSavingsResource.column_names()
    return headers, [[row[h] for h in headers] for row in rows]


def opening_loans_table(*, as_of):
    """Return (headers, rows) of the loans outstanding at ``as_of`` in the opening-loans columns.

    What was paid goes out as principal and interest paid to date, so partly paid instalments and
    arrears are written as they are. A rescheduled loan (more than one schedule) cannot be written
    in these columns and is left out; one brought in already rescheduled (one schedule, flagged) goes
    out as it came in. One position read per loan: this is a download, not a page.
    """
    rows = []
    loans = (Loan.objects.filter(status=LoanStatus.ACTIVE, disbursed_on__lt=as_of)
             .annotate(versions=Count("schedules")).filter(versions=1)
             .select_related("member").order_by("member__code", "disbursed_on"))
    for loan in loans:
        states = loan_position(loan, as_of=as_of).instalments
        paid = [s.principal_paid + s.interest_paid == s.principal_due + s.interest_due for s in states]
        count = paid.index(False) if False in paid else len(paid)
        if count == len(states):
            continue
        arrears = sum(s.principal_due + s.interest_due - s.principal_paid - s.interest_paid
                      for s in states if s.due_date <= as_of)
        rows.append({"Kode anggota": loan.member.code, "Tanggal cair": loan.disbursed_on.isoformat(),
                     "Pokok pinjaman": loan.amount, "Jangka waktu (bulan)": loan.term, "Metode bunga": loan.method,
                     "Bunga (% per bulan)": format(loan.rate.normalize(), "f"), "Angsuran sudah dibayar": count,
                     "Pokok sudah dibayar": sum(s.principal_paid for s in states),
                     "Bunga sudah dibayar": sum(s.interest_paid for s in states),
                     "Tunggakan": arrears, "Tanggal saldo awal": as_of.isoformat(),
                     "Dijadwal ulang": "Ya" if loan.rescheduled else "Tidak",
                     "Keperluan": loan.purpose})
    headers = OpeningLoanResource.column_names()
    return headers, [[row[h] for h in headers] for row in rows]


def opening_books_table(*, as_of):
    """Return (headers, rows): each group's other account balances at ``as_of`` (one query)."""
    sums = (JournalLine.objects.filter(entry__date__lte=as_of).exclude(account__key__in=OWN_FILES)
            .values("account__group__code", "account__code").annotate(d=Sum("debit"), c=Sum("credit"))
            .order_by("account__group__code", "account__code"))
    rows = [{"Kode KPUK": s["account__group__code"], "Kode akun": s["account__code"],
             "Tanggal saldo awal": as_of.isoformat(), "Debit": max(s["d"] - s["c"], 0),
             "Kredit": max(s["c"] - s["d"], 0)} for s in sums if s["d"] != s["c"]]
    headers = OpeningBooksResource.column_names()
    return headers, [[row[h] for h in headers] for row in rows]


OPENING_TABLES = {"opening_savings": opening_savings_table, "opening_loans": opening_loans_table,
                  "opening_books": opening_books_table}


def export_table(kind, *, as_of=None):
    """Return (headers, rows) of every ``kind`` row in the import's own columns, ready to import again.

    Opening balances are those at ``as_of`` (today by default), to bring into another installation.
    """
    if kind in OPENING_TABLES:
        return OPENING_TABLES[kind](as_of=as_of or today())
    resource = RESOURCES[kind]()
    dataset = resource.export(EXPORT_QUERYSETS[kind](resource._meta.model))
    return dataset.headers, list(dataset)
