from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views
from core import views as core_views
from dashboard import views as dashboard_views
from exits import urls as exit_urls
from meetings import urls as meeting_urls
from pwa import views as pwa_views
from savings import urls as savings_urls
from sheet import urls as sheet_urls

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("healthz/", core_views.healthz, name="healthz"),
    # The service worker at the root: its scope is the folder it is served from (pwa/views.py).
    path("sw.js", pwa_views.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa_views.manifest, name="manifest"),
    path("", include("pwa.urls")),
    path("groups/", include("groups.urls")),
    path("members/", include("members.urls")),
    # A member's exit (an app above loans) keeps its /savings/ paths and "savings:" names.
    path("savings/", include((savings_urls.urlpatterns + exit_urls.urlpatterns, "savings"))),
    path("books/", include("books.urls")),
    path("loans/", include("loans.urls")),
    # The meetings' pages and the sheet's (an app above savings and loans) share /meetings/ and the
    # "meetings" namespace: the names and paths the pages, the phone's queue and the service worker use.
    path("meetings/", include((meeting_urls.urlpatterns + sheet_urls.urlpatterns, "meetings"))),
    path("year-end/", include("yearend.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
]


handler500 = "core.errors.server_error"
