from django.urls import path

from .views import simulator

app_name = "loans"
urlpatterns = [
    path("simulator/", simulator.simulator, name="simulator"),
    path("simulator/pdf/", simulator.simulator_pdf, name="simulator_pdf"),
]
