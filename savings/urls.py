from django.urls import path

from . import views

app_name = "savings"
urlpatterns = [
    path("members/<int:pk>/", views.member_savings, name="member"),
    path("members/<int:pk>/deposit/", views.deposit, name="deposit"),
    path("members/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("transactions/<int:pk>/reverse/", views.reverse, name="reverse"),
    path("groups/<int:pk>/interest/", views.credit_interest, name="interest"),
]
