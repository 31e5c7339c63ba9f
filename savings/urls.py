from django.urls import path

from . import views

app_name = "savings"
urlpatterns = [
    path("members/<int:pk>/", views.member_savings, name="member"),
    path("members/<int:pk>/deposit/", views.deposit, name="deposit"),
    path("members/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("members/<int:pk>/exit/", views.member_exit, name="exit"),
    path("members/<int:pk>/exit/note/", views.exit_note, name="exit_note"),
    path("transactions/<int:pk>/reverse/", views.reverse, name="reverse"),
    path("groups/<int:pk>/interest/", views.credit_interest, name="interest"),
]
