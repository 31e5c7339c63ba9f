from django.urls import path

from . import sheet_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("group/<int:group_pk>/", views.group_meetings, name="group"),
    path("group/<int:group_pk>/new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("group/<int:group_pk>/open/", sheet_views.open_sheet, name="open_sheet"),
    path("group/<int:group_pk>/planned/<str:date>/sheet.pdf", sheet_views.planned_sheet_pdf, name="planned_sheet_pdf"),
    path("prepare/", sheet_views.prepare_all, name="prepare"),
    path("<int:pk>/sheet/", sheet_views.sheet, name="sheet"),
    path("<int:pk>/sheet/sync/", sheet_views.sheet_sync, name="sheet_sync"),
    path("<int:pk>/sheet.pdf", sheet_views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<int:pk>/complete/", views.event_complete, name="complete"),
    path("<int:pk>/verify/", views.meeting_verify, name="verify"),
    path("<int:pk>/savings/<int:txn_pk>/reverse/", views.savings_correct, name="savings_correct"),
]
