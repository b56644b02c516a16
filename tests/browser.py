"""Waiting in browser tests. page.wait_for_function takes a returned Promise as
truthy at once, so it cannot wait on AlloOutbox.list(): poll instead."""

from playwright.sync_api import Error as PlaywrightError


def wait_until(page, condition, timeout_ms=10_000):
    """Let the browser (and so the route handlers) run until condition() holds."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("timed out waiting for the condition")


def eventually(page, script: str, arg=None, timeout_ms=10_000):
    """Wait until an async JS function resolves to something truthy, across
    navigations (page.wait_for_function takes a returned Promise as truthy)."""
    def holds():
        try:
            return page.evaluate(script, arg)
        except PlaywrightError as error:
            if "context was destroyed" in error.message:  # the page is navigating
                return False
            raise
    wait_until(page, holds, timeout_ms)
