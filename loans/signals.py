"""Loans listen to the meetings below them: a routine meeting held on another day (``meetings.signals``)."""
from django.dispatch import receiver

from meetings.signals import meeting_moved

from .services.dues import instalments_follow_meeting as follow


@receiver(meeting_moved, dispatch_uid="loans_instalments_follow_meeting")
def instalments_follow_meeting(sender, *, group, meeting, from_date, to_date, actor, **kwargs):
    follow(group=group, meeting=meeting, from_date=from_date, to_date=to_date, actor=actor)
