"""Mark each page with the user it was made for, so the service worker keeps her pages for her only."""

USER_HEADER = "X-LKP-User"


class OfflineUserMiddleware:
    """Add ``X-LKP-User: <id>`` to the HTML pages of a logged-in user.

    The service worker keeps a page for offline use only when it carries this header, shows a
    kept page only to the user it names, and empties its pages when another user's page arrives
    (static/js/sw.js): another user on the same phone never sees her pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.get("Content-Type", "").startswith("text/html"):
            response[USER_HEADER] = str(user.pk)
        return response
