from django.urls import path

from . import views

app_name = "books"
urlpatterns = [
    path("groups/<int:pk>/cash/", views.cash_book, name="cash_book"),
    path("groups/<int:pk>/trial-balance/", views.trial_balance, name="trial_balance"),
    path("groups/<int:pk>/record/<slug:kind>/", views.record, name="record"),
    path("entries/<int:pk>/reverse/", views.reverse_entry, name="reverse"),
]
