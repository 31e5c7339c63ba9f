"""Login throttling with django-axes: the lockout page and the client's address (settings: AXES_*)."""
from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """Return the client's address: the header the proxy sets (LKP_CLIENT_IP_HEADER), else REMOTE_ADDR.

    Only a header the proxy overwrites may be named: a client could set any other one herself.
    """
    header = settings.LKP_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:45]
    return request.META.get("REMOTE_ADDR")


def username(request, credentials):
    """Return the username tried, cut to the longest a user has: a 100,000-character one would not fit the
    attempts table (a 500 on PostgreSQL) and is no user's anyway."""
    field = str(settings.AXES_USERNAME_FORM_FIELD)
    name = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(name)[:150]


def locked_out(request, credentials=None, *args, **kwargs):
    """Answer a login refused after too many wrong passwords: a page in the user's language, 429."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
