"""The table of the shared cache (settings.CACHES, core/cache.py) when it lives in the database.

``createcachetable`` creates the table of every database cache configured and skips those that
exist, so ``migrate`` is the only step on a new machine; with REDIS_URL set there is none to create.
"""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_idempotency_key")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
