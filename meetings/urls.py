"""The meetings' own pages; lkp.urls serves them with the sheet's (sheet.urls) under one namespace, ``meetings``."""
from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("group/<int:group_pk>/", views.group_meetings, name="group"),
    path("group/<int:group_pk>/new/", views.meeting_new, name="new"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/verify/", views.meeting_verify, name="verify"),
]
