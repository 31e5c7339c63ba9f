"""The sheet's and the meeting record's pages, under /meetings/ and the ``meetings`` namespace as before.

lkp.urls joins these to meetings.urls in one include, so ``meetings:sheet`` and ``meetings:detail``
keep their names and paths (the phone's queue and the service worker know these paths).
"""
from django.urls import path

from . import record_views, views

urlpatterns = [
    path("<int:pk>/", record_views.meeting_detail, name="detail"),
    path("group/<int:group_pk>/open/", views.open_sheet, name="open_sheet"),
    path("group/<int:group_pk>/planned/<str:date>/sheet.pdf", views.planned_sheet_pdf, name="planned_sheet_pdf"),
    path("prepare/", views.prepare_all, name="prepare"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("<int:pk>/sheet/sync/", views.sheet_sync, name="sheet_sync"),
    path("<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/record.pdf", record_views.record_pdf, name="record_pdf"),
    path("<int:pk>/complete/", record_views.event_complete, name="complete"),
    path("<int:pk>/savings/<int:txn_pk>/reverse/", record_views.savings_correct, name="savings_correct"),
]
