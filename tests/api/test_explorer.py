"""The explorer's files as the app serves them (the page itself is driven by tests/web/)."""

from __future__ import annotations

import re

from api.routes.explorer import VENDOR, WEB


def test_explorer_root_serves_the_page_of_the_explorer(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/explorer/app.js">' in response.text


def test_explorer_page_names_no_other_host(client):
    page = client.get("/").text
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)
    for name in ("app.js", "style.css"):
        response = client.get(f"/explorer/{name}")
        assert response.status_code == 200
        assert not re.search(r"""(?:import|url)\s*\(?\s*["'](?:https?:)?//""", response.text)


def test_explorer_vendor_files_are_the_installed_packages(client):
    for name, path in VENDOR.items():
        response = client.get(f"/explorer/vendor/{name}")
        assert response.status_code == 200, f"{path.relative_to(WEB)} missing: run scripts/setup"
        assert response.content == path.read_bytes()


def test_explorer_vendor_serves_only_listed_files(client):
    response = client.get("/explorer/vendor/package.json")
    assert response.status_code == 404 and "yasgui.js" in response.json()["error"]
    assert client.get("/explorer/vendor/../../package.json").status_code == 404


def test_explorer_routes_are_not_in_the_api_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path == "/" or path.startswith("/explorer")]
