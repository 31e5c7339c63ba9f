from django.db import migrations

from core.db import append_only_triggers


class Migration(migrations.Migration):

    dependencies = [
        ("savings", "0001_initial"),
    ]

    operations = append_only_triggers("savings_savingstransaction")
