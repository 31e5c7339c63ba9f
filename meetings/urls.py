from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("group/<int:group_pk>/", views.group_meetings, name="group"),
    path("group/<int:group_pk>/new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<int:pk>/complete/", views.event_complete, name="complete"),
    path("<int:pk>/verify/", views.meeting_verify, name="verify"),
    path("<int:pk>/savings/<int:txn_pk>/reverse/", views.savings_correct, name="savings_correct"),
]
