from django.urls import path

from . import pdf_views, provision_views, rat_views, views

app_name = "reports"
urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/pdf/", pdf_views.indicators_pdf, name="indicators_pdf"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/pdf/", pdf_views.portfolio_pdf, name="portfolio_pdf"),
    path("portfolio/month-end/", provision_views.month_end_provisions, name="month_end_provisions"),
    path("portfolio/month-end/<int:pk>/", provision_views.month_end_result, name="month_end_result"),
    path("officers/", views.officers, name="officers"),
    path("officers/pdf/", pdf_views.officers_pdf, name="officers_pdf"),
    path("districts/", views.districts, name="districts"),
    path("districts/member-statements/", views.district_member_statements, name="district_statements"),
    path("districts/pdf/", pdf_views.districts_pdf, name="districts_pdf"),
    path("groups/<int:pk>/report/", views.group_report_view, name="group_report"),
    path("groups/<int:pk>/report/pdf/", views.group_report_pdf, name="group_report_pdf"),
    path("groups/<int:pk>/statements/", views.group_statements, name="group_statements"),
    path("groups/<int:pk>/statements/pdf/", views.group_statements_pdf, name="group_statements_pdf"),
    path("groups/<int:pk>/member-statements/pdf/", views.group_member_statements_pdf,
         name="group_member_statements_pdf"),
    path("groups/<int:pk>/rat/<int:year>/", rat_views.rat_package_view, name="rat_package"),
    path("groups/<int:pk>/rat/<int:year>/pdf/", rat_views.rat_package_pdf, name="rat_package_pdf"),
    path("groups/<int:pk>/rat/<int:year>/members/", rat_views.rat_members, name="rat_members"),
    path("groups/<int:pk>/rat/<int:year>/figures/", rat_views.rat_figures, name="rat_figures"),
    path("members/<int:pk>/statement/", views.member_statement, name="member_statement"),
    path("members/<int:pk>/statement/pdf/", views.member_statement_pdf, name="member_statement_pdf"),
]
