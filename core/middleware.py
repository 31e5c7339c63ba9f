"""Indonesian unless the user chose otherwise."""
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class LanguageMiddleware:
    """Activate the language from the language cookie, else Indonesian.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many field
    officers' phones are set to English; the LKP's working language is Indonesian, so only an
    explicit choice (the switch in the page footer) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` with every response: no camera, microphone, location, ...

    Also the one exception to the strict CSP: Django's admin scripts (jQuery, inlines) write style
    attributes, so the admin's pages, and only those, accept inline styles. Scripts stay 'self' there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}  # read by csp.middleware, outside this one
        return response


class NoStoreMiddleware:
    """Tell browsers and proxies not to keep any page of a signed-in user (``Cache-Control: no-store``).

    Field officers share phones: the back button or a cache must not show the last person's members.
    Static files, the service worker, the web manifest and the JavaScript catalogue are the same
    for everyone and must be cached to work offline (``settings.LKP_CACHEABLE_PATHS``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cacheable = tuple(settings.LKP_CACHEABLE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.cacheable):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
