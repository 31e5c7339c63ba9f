"""Reads for members, always scoped through the groups a user may see."""
from django.http import Http404
from django.shortcuts import get_object_or_404

from groups.selectors import groups_visible_to

from .models import Member


def members_visible_to(user):
    return Member.objects.filter(group__in=groups_visible_to(user))


def get_member_for_user(user, pk):
    """Return member ``pk`` if she belongs to a group ``user`` may see, else raise Http404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("bad member id")
    return get_object_or_404(members_visible_to(user).select_related("group", "group__region"), pk=pk)
