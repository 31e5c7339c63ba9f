from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("groups/<int:pk>/statements/", views.group_statements, name="group_statements"),
    path("groups/<int:pk>/statements/pdf/", views.group_statements_pdf, name="group_statements_pdf"),
]
