"""Give every new group its chart of accounts, however the group was created."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from groups.models import Group

from .services import chart_seed


@receiver(post_save, sender=Group, dispatch_uid="books_seed_chart")
def seed_chart_for_new_group(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        chart_seed(group=instance)
