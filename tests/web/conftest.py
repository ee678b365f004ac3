"""Fixtures of the explorer's browser tests: `kg serve` over a store ingested from seeds/ and one dated
article (with page furniture), with one seed withdrawn and one updated by a second ingest; Debian's chromium driven by Playwright (it never
downloads a browser); a page per test that fails on any request to another host or any console error, and
leaves a screenshot in build/screenshots/ (git-ignored)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from kg.settings import PROJECT_ROOT
from tests.api.conftest import DATA
from tests.processes import copy_seeds, kg, kg_server

SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
DATED_ARTICLE = DATA / "explorer" / "hostels.md"
VIEWPORT = {"width": 1280, "height": 800}
UPDATE = "\nThe ministry did not answer a request for comment.\n"  # appended to the first seed between ingests


@pytest.fixture(scope="session")
def explorer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("explorer")
    seeds = copy_seeds(folder / "in", 5)
    shutil.copy(DATED_ARTICLE, folder / "in")
    store = folder / "store"
    for args in ((), ("--prune",)):
        result = kg("ingest", str(folder / "in"), "--store", str(store), *args)
        assert result.returncode == 0, result.stderr
        seeds[-1].unlink(missing_ok=True)  # the second ingest withdraws it
        if not args:  # and updates the first
            seeds[0].write_text(seeds[0].read_text(encoding="utf-8") + UPDATE, encoding="utf-8")
    with kg_server(store) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/browser-tools (scripts/test does)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: the tests may run as root (CI does), where chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def expected_console() -> list[str]:
    """Console errors a test expects, by a part of their text: the browser logs every 4xx answer ("Failed to
    load resource: ... status of 400"), and a test of an error message provokes one."""
    return []


@pytest.fixture
def page(browser, explorer_url: str, expected_console: list[str], request: pytest.FixtureRequest) -> Iterator[object]:
    """A page at 1280×800 whose requests may only go to the server; the test fails on any other request or
    on a console error it did not expect, and the page's screenshot is saved either way."""
    server = urlsplit(explorer_url).netloc
    foreign: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, base_url=explorer_url)

    def guard(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == server:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not foreign, f"the page asked other hosts: {foreign}"
    unexpected = [e for e in errors if not any(part in e for part in expected_console)]
    assert not unexpected, f"console errors: {unexpected}"


def article_with_title(url: str, title: str) -> str:
    """The id of the stored article with `title` (through the API, as the page finds it)."""
    import httpx

    articles = httpx.get(f"{url}/articles", params={"_limit": 100}).json()["articles"]
    return next(a["id"] for a in articles if a["title"] == title)
