"""Read back what the loan services posted, for exact Rupiah assertions."""
from books.models import JournalLine


def entry_lines(entry):
    """Return {(account key, "D" or "K"): amount} of one journal entry."""
    result = {}
    for line in JournalLine.objects.filter(entry=entry).select_related("account"):
        side = "D" if line.debit else "K"
        key = (line.account.key, side)
        result[key] = result.get(key, 0) + (line.debit or line.credit)
    return result
