"""Playwright against pytest-django's live server, with the machine's Chromium (never a downloaded one)."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread
# unless told that the test knows what it is doing (the ORM calls here run before and after the browser acts).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's chromium package; CHROMIUM_PATH points elsewhere on other systems.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # A failure, not a skip: a browser test that quietly does not run would read as green.
        pytest.fail(f"No Chromium at {CHROMIUM}: install Debian's chromium (scripts/test does) or set CHROMIUM_PATH")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(settings: Any) -> Path:
    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def jobs_in_line(settings: Any, tmp_path: Path) -> None:
    """Jobs run as soon as they are queued (no worker in a test); uploads land in the test's own folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
