from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_home, name="home"),
    path("log/", views.run_list, name="runs"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/confirm/", views.run_confirm, name="confirm"),
    path("template/<slug:kind>/", views.template_download, name="template"),
    path("export/<slug:kind>/", views.data_export, name="export"),
]
