"""The reports' own background task: warm a changed group's figures (``reports.warm``)."""
from django.core.cache import cache
from django_tasks import task

from .warm import pending_key, warm_group


@task()
def warm_group_figures(group_id):
    # Cleared first: a change committed while this runs enqueues the next warming.
    cache.delete(pending_key(group_id))
    return warm_group(group_id)
