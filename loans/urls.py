from django.urls import path

from .views import apply, detail, group_loans, provisions, simulator, steps

app_name = "loans"
urlpatterns = [
    path("simulator/", simulator.simulator, name="simulator"),
    path("simulator/pdf/", simulator.simulator_pdf, name="simulator_pdf"),
    path("member/<int:member_pk>/apply/", apply.loan_apply, name="apply"),
    path("group/<int:group_pk>/", group_loans.group_loans, name="group_loans"),
    path("group/<int:group_pk>/provision/", provisions.provision_post, name="provision"),
    path("group/<int:group_pk>/provision/reverse/", provisions.provision_reverse, name="provision_reverse"),
    path("<int:pk>/", detail.loan_detail, name="detail"),
    path("<int:pk>/decide/", steps.loan_decide, name="decide"),
    path("<int:pk>/approve/", steps.loan_approve, name="approve"),
    path("<int:pk>/disburse/", steps.loan_disburse, name="disburse"),
    path("<int:pk>/repay/", steps.loan_repay, name="repay"),
    path("<int:pk>/cover/", steps.loan_cover, name="cover"),
    path("<int:pk>/reschedule/", steps.loan_reschedule, name="reschedule"),
    path("<int:pk>/write-off/", steps.loan_write_off, name="write_off"),
    path("<int:pk>/recover/", steps.loan_recover, name="recover"),
    path("payments/<int:pk>/reverse/", steps.repayment_reverse, name="reverse"),
    path("covers/<int:pk>/payback/", steps.cover_payback, name="payback"),
]
