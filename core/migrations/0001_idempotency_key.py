from django.conf import settings
from django.db import migrations, models

import core.db


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="IdempotencyKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, verbose_name="key")),
                ("action", models.CharField(max_length=60, verbose_name="action")),
                ("result", models.JSONField(blank=True, default=dict, verbose_name="result")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                ("actor", models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="+",
                                            to=settings.AUTH_USER_MODEL, verbose_name="user")),
            ],
            options={
                "verbose_name": "idempotency key",
                "verbose_name_plural": "idempotency keys",
                "constraints": [models.UniqueConstraint(fields=("key",), name="core_idempotencykey_unique_key")],
            },
        ),
        *core.db.append_only_triggers("core_idempotencykey"),
    ]
