"""Who may record what in savings: decided in ``groups.access`` (the one access module), named here too."""
from groups.access import can_correct_savings, can_record_savings

__all__ = ["can_correct_savings", "can_record_savings"]
