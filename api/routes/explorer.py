"""The explorer: the web page at `/`, a client of the JSON API and `/sparql` only.

Its own files are served from `web/src/` under `/explorer/`; the npm packages it uses (installed in
`web/node_modules/` by `scripts/setup`, from `web/package-lock.json`) under `/explorer/vendor/`, one file per
name below, so nothing else of node_modules is reachable. None of these routes is part of the API schema.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from kg.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / "web"
SOURCES = WEB / "src"
PACKAGES = WEB / "node_modules"
VENDOR = {
    "yasgui.js": PACKAGES / "@zazuko/yasgui/build/yasgui.esm.js",
    "yasgui.css": PACKAGES / "@zazuko/yasgui/build/yasgui.min.css",
    "cytoscape.js": PACKAGES / "cytoscape/dist/cytoscape.esm.min.mjs",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def get_explorer() -> FileResponse:
    return FileResponse(SOURCES / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/explorer/vendor/{name}")
async def get_vendor_file(name: str) -> FileResponse:
    path = VENDOR.get(name)
    if path is None:
        raise HTTPException(404, f"no explorer package file {name!r}; the explorer uses {', '.join(VENDOR)}")
    if not path.is_file():
        raise HTTPException(404, f"{path.relative_to(WEB)} is not installed: run scripts/setup (npm ci in web/)")
    return FileResponse(path)


def install(app: FastAPI) -> None:
    """Serve the explorer from `app`: its page, its vendor files and its own files."""
    app.include_router(router)
    app.mount("/explorer", StaticFiles(directory=SOURCES), name="explorer")
