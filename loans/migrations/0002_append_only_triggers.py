from django.db import migrations

from core.db import append_only_triggers


class Migration(migrations.Migration):

    dependencies = [
        ("loans", "0001_initial"),
    ]

    operations = append_only_triggers(
        "loans_scheduleversion", "loans_instalment", "loans_penaltycharge", "loans_repayment", "loans_allocation",
        "loans_repaymentreversal", "loans_coverpayback", "loans_writeoff", "loans_recovery",
    )
