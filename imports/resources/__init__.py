"""Spreadsheet resources (django-import-export): what each kind of file holds and how it imports.

Column headers are fixed Indonesian words, not translated strings: they are a file format, and a
file exported by someone reading English must import for someone reading Indonesian. Rows are
found by natural keys (region code, group code, member code; group + username + start for an
assignment), so importing the same file twice changes nothing the second time.
"""
from .base import LkpResource, column_phrase
from .history import SavingsHistoryResource
from .loan_history import LoanRepaymentHistoryResource
from .openings import OpeningBooksResource, OpeningLoanResource, OpeningSavingsResource
from .people import AssignmentResource, GroupResource, MemberResource, RegionResource, RulesResource

RESOURCES = {
    "regions": RegionResource,
    "groups": GroupResource,
    "rules": RulesResource,
    "assignments": AssignmentResource,
    "members": MemberResource,
    "opening_savings": OpeningSavingsResource,
    "opening_loans": OpeningLoanResource,
    "opening_books": OpeningBooksResource,
    "savings_history": SavingsHistoryResource,
    "loan_repayments": LoanRepaymentHistoryResource,
}


__all__ = ["RESOURCES", "AssignmentResource", "GroupResource", "LkpResource", "LoanRepaymentHistoryResource",
           "MemberResource", "OpeningBooksResource", "OpeningLoanResource", "OpeningSavingsResource", "RegionResource",
           "RulesResource", "SavingsHistoryResource", "column_phrase"]
