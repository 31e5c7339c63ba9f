"""Opening savings balances at the cut-over date, as the group's books had them on paper.

Each member's balance of each kind becomes one :class:`~savings.models.SavingsTransaction`
(a deposit dated the cut-over day, note "opening balance") with its own journal entry of kind
``opening``: Cr the savings account of that kind for the member, Dr ``opening_equity``. Balances,
statements and wajib arrears then read these rows like any other. The idempotency key
``opening:<member code>:<kind>`` allows one opening balance per member and kind, ever, so
importing the same file again posts nothing, even from two requests at once.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, EntryKind, JournalEntry, JournalLine
from books.services import credit, debit
from savings.models import DIRECTION, SavingsKind, SavingsTransaction, TxnType

KINDS = (SavingsKind.POKOK, SavingsKind.WAJIB, SavingsKind.SUKARELA)


@dataclass(frozen=True)
class Opening:
    member: object
    kind: str
    amount: int
    date: object


def opening_key(member_code, kind):
    return f"opening:{member_code}:{kind}"


def existing_openings(member_codes):
    """Return {member code: {"date": date, kind: amount, ...}} of opening balances already posted (one query)."""
    keys = [opening_key(code, kind) for code in member_codes for kind in KINDS]
    found = {}
    for key, amount, day in SavingsTransaction.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", "amount", "value_date"):
        _prefix, code, kind = key.split(":", 2)
        found.setdefault(code, {"date": day})[kind] = amount
    return found


def opening_lines(opening):
    return [debit("opening_equity", opening.amount),
            credit(f"savings_{opening.kind}", opening.amount, opening.member)]


def write_openings(openings, *, actor):
    """Write ``openings`` with their entries, lines and audit events in a few bulk inserts.

    Called by :func:`imports.services.import_confirm`'s transaction (and its dry run), after the
    members were locked; each row is what a deposit service call would write, with an opening entry.
    """
    if not openings:
        return
    accounts = {}
    for account in Account.objects.filter(group_id__in={o.member.group_id for o in openings}):
        accounts.setdefault(account.group_id, {})[account.key] = account
    entries = [
        JournalEntry(group_id=o.member.group_id, date=o.date, kind=EntryKind.OPENING,
                     memo=(_("Opening balance %(kind)s: %(code)s %(name)s") % {
                         "kind": SavingsKind(o.kind).label, "code": o.member.code, "name": o.member.full_name})[:255],
                     reference=opening_key(o.member.code, o.kind)[:60], created_by=actor)
        for o in openings
    ]
    JournalEntry.objects.bulk_create(entries)
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account=accounts[o.member.group_id][ln.account], debit=ln.debit, credit=ln.credit,
                    member=ln.member)
        for o, entry in zip(openings, entries, strict=True) for ln in opening_lines(o)
    ])
    txns = [
        SavingsTransaction(member=o.member, group_id=o.member.group_id, kind=o.kind, type=TxnType.DEPOSIT,
                           direction=DIRECTION[TxnType.DEPOSIT], amount=o.amount, value_date=o.date,
                           created_by=actor, entry=entry, note=_("Opening balance"),
                           idempotency_key=opening_key(o.member.code, o.kind))
        for o, entry in zip(openings, entries, strict=True)
    ]
    SavingsTransaction.objects.bulk_create(txns)
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, action="savings.opening", group_id=t.group_id,
                   object_type=SavingsTransaction._meta.label_lower, object_id=str(t.pk),
                   data={"member": t.member_id, "kind": t.kind, "amount": t.amount, "date": t.value_date.isoformat(),
                         "entry": t.entry_id})
        for t in txns
    ])
