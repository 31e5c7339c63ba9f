"""The panels that the apps above show on the pages of the apps below (issue #15).

The member page belongs to ``members`` and the group page to ``groups``, low in the layers
(.importlinter); savings, loans and meetings sit above them, so those views may not import them.
Each app above offers its panel's data through a selector registered here, in its ``panels``
module, found at start-up as the admin finds ``admin`` modules (``CoreConfig.ready``). The page's
view asks ``panel_data`` for every panel of the page and passes the result to its template, which
includes each app's panel template with that app's data: the templates only render, and no
template tag runs a query.
"""
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import autodiscover_modules

MEMBER, GROUP = "member", "group"
PAGES = (MEMBER, GROUP)

# page -> {app label: selector(obj, *, user) returning that app's panel data}
_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {page: {} for page in PAGES}


def register(page: str, app: str) -> Callable:
    """Register the decorated selector as ``app``'s panel data on ``page`` (``MEMBER`` or ``GROUP``)."""
    if page not in _REGISTRY:
        raise ValueError(f"unknown page {page!r}; one of {PAGES}")

    def decorator(selector):
        _REGISTRY[page][app] = selector
        return selector
    return decorator


def panel_data(page: str, obj, *, user) -> dict[str, Any]:
    """Return {app label: its panel data} for ``obj`` (a member or a group) as ``user`` sees it."""
    return {app: selector(obj, user=user) for app, selector in _REGISTRY[page].items()}


def autodiscover() -> None:
    """Import every installed app's ``panels`` module, which registers its selectors."""
    autodiscover_modules("panels")
