"""Fill each group's books_closed_through from the closed periods that stand (years closed before the field)."""
from django.db import migrations
from django.db.models import Max


def fill(apps, schema_editor):
    ClosedPeriod = apps.get_model("books", "ClosedPeriod")
    Group = apps.get_model("groups", "Group")
    ends = (ClosedPeriod.objects.filter(reopened_at__isnull=True).values("group_id")
            .annotate(end=Max("end")).order_by().values_list("group_id", "end"))
    for group_id, end in ends:
        Group.objects.filter(pk=group_id).update(books_closed_through=end)


class Migration(migrations.Migration):
    dependencies = [
        ("books", "0007_merge_20261202_0251"),
        ("groups", "0006_books_closed_through"),
    ]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
