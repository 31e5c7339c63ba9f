from django.urls import path

from . import views

app_name = "yearend"
urlpatterns = [
    path("groups/<int:pk>/", views.year_list, name="years"),
    path("groups/<int:pk>/<int:year>/", views.distribution, name="distribution"),
    path("groups/<int:pk>/<int:year>/pdf/", views.distribution_pdf, name="distribution_pdf"),
    path("groups/<int:pk>/<int:year>/post/", views.post, name="post"),
    path("groups/<int:pk>/<int:year>/reverse/", views.reverse, name="reverse"),
    path("groups/<int:pk>/<int:year>/payout/", views.payout, name="payout"),
]
