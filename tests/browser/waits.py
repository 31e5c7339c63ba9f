"""Waiting for a condition in a page under the strict Content-Security-Policy.

Playwright's ``wait_for_function`` compiles its predicate with ``eval`` inside the page, which the
site's CSP (script-src 'self', no 'unsafe-eval') refuses, as it should. ``page.evaluate`` goes
through the browser's debugging protocol, which the page's CSP does not govern: poll with it.
"""
import time

from playwright.sync_api import Error
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def wait_until(page, expression, timeout=10_000, interval=0.1):
    """Return once the JavaScript ``expression`` (or a promise of it) is truthy in ``page``."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as exc:  # the page is navigating: its context comes back in a moment
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"waited {timeout} ms for {expression}")
        time.sleep(interval)


def wait_for_path(page, path, timeout=10_000, interval=0.1):
    """Return once ``page`` has loaded ``path``, however many navigations it took to get there.

    The sheet's script goes to the meeting record when its queued sheet has posted; if the service
    worker's replay posts it too, two navigations to the same address race and Chromium aborts the
    first (``net::ERR_ABORTED``), which Playwright's ``wait_for_url`` reports as a failure although
    the page does arrive.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.url.split("?")[0].endswith(path):
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"waited {timeout} ms for {path}, page is at {page.url}")
        page.wait_for_timeout(interval * 1000)
    page.wait_for_load_state("load", timeout=timeout)


def wait_for(page, condition, what, timeout=10_000, interval=0.1):
    """Return once the Python ``condition()`` is truthy (a database row, an event heard from ``page``).

    Waiting through ``page`` lets Playwright deliver the events a condition may count on (the sync
    API hears them only while it is called); ``what`` names the condition in the failure.
    """
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"waited {timeout} ms for {what}")
        page.wait_for_timeout(interval * 1000)
