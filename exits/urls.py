"""The exit's pages, under /savings/ and the ``savings`` namespace as before (lkp.urls joins them to savings.urls)."""
from django.urls import path

from . import views

urlpatterns = [
    path("members/<int:pk>/exit/", views.member_exit, name="exit"),
    path("members/<int:pk>/exit/note/", views.exit_note, name="exit_note"),
]
