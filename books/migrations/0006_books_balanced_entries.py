from django.db import migrations

from books.balance import balanced_entry_trigger


class Migration(migrations.Migration):
    """On PostgreSQL, refuse at commit any journal entry whose debits and credits differ (``books.balance``)."""

    dependencies = [
        ("books", "0005_closed_periods_and_shu_accounts"),
    ]

    operations = [balanced_entry_trigger()]
