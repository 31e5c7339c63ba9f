"""The site's own error pages: in the user's language, with the navigation and a way back.

Django renders ``403.html`` and ``404.html`` with the request (so the navigation shows), but
``500.html`` without it. The 500 handler here tries the page with the request first and falls
back to Django's bare rendering if that fails too (the error may be in what the frame needs).
"""
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as bare_server_error


@requires_csrf_token
def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the frame itself is broken: Django's plain page
        response = bare_server_error(request)
        return response if isinstance(response, HttpResponseServerError) else HttpResponseServerError()
