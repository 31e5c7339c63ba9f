from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/rules/new/", views.rules_new, name="rules_new"),
    path("<int:pk>/legal-form/new/", views.legal_form_new, name="legal_form_new"),
    path("<int:pk>/assign/", views.assign_officer, name="assign"),
    path("<int:pk>/officers/new/", views.officer_new, name="officer_new"),
]
