"""``/explore``: the graph explorer page, its own static files and the vendored libraries.

The page (``static/``) draws the graph with Cytoscape.js and reads the graph only from
``/graphql``, the node and relationship types it names and filters by included (the root
fields ``nodeTypes`` and ``relationshipTypes``, the registry's). Its libraries come from npm (``package.json`` / ``package-lock.json`` here, installed into
``api/explorer/node_modules`` by ``make``) and are served under ``/explore/vendor/``, so the
page needs no CDN and works offline.

The same vendored files make GraphiQL work offline: strawberry's GraphiQL page loads React and
GraphiQL from unpkg.com. :class:`OfflineGraphiQLRouter`, the app's GraphQL router, answers a
browser's ``GET /graphql`` with that very page, its unpkg addresses pointed at
``/explore/vendor/`` (the files are npm's own bytes, so the page's ``integrity`` hashes still
hold); when to show it is left to strawberry.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter
from strawberry.http.ides import get_graphql_ide_html

__all__ = [
    "NODE_MODULES",
    "OfflineGraphiQLRouter",
    "STATIC_DIR",
    "VENDORED",
    "graphiql_html",
    "installed_version",
    "missing_packages",
    "router",
]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
NODE_MODULES = HERE / "node_modules"

#: The only files served from node_modules: package -> files inside it.
VENDORED: dict[str, tuple[str, ...]] = {
    "cytoscape": ("dist/cytoscape.min.js",),
    "layout-base": ("layout-base.js",),
    "cose-base": ("cose-base.js",),
    "cytoscape-fcose": ("cytoscape-fcose.js",),
    # GraphiQL, at the versions strawberry's page asks for (see package.json)
    "react": ("umd/react.production.min.js",),
    "react-dom": ("umd/react-dom.production.min.js",),
    "js-cookie": ("dist/js.cookie.min.js",),
    "graphiql": ("graphiql.min.js", "graphiql.min.css"),
    "@graphiql/plugin-explorer": ("dist/index.umd.js", "dist/style.css"),
}

#: What the explorer page itself needs.
EXPLORER_PACKAGES = ("cytoscape", "layout-base", "cose-base", "cytoscape-fcose")

_MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图谱浏览 · policykg</title></head>
<body style="font-family: sans-serif; margin: 2em">
<h1>图谱浏览暂不可用 (explorer unavailable)</h1>
<p>The explorer's front-end packages are not installed: {missing}.</p>
<p>Run <code>make setup</code> (or <code>npm ci</code> in <code>api/explorer</code>) once, with access to the
npm registry, then reload this page.</p>
</body></html>
"""

_static = StaticFiles(directory=STATIC_DIR, check_dir=False)
_vendor = StaticFiles(directory=NODE_MODULES, check_dir=False)

# Text files are sent gzipped to clients that accept it: Cytoscape.js is 443 kB as is, 140 kB so.
_COMPRESSIBLE = (".js", ".css", ".html")

router = APIRouter(include_in_schema=False)


def installed_version(package: str) -> str | None:
    """The version of ``package`` in node_modules, or None when it is not installed."""
    try:
        meta = json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version") if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


def missing_packages(packages: tuple[str, ...] = EXPLORER_PACKAGES) -> list[str]:
    """Packages whose vendored files are absent."""
    return [p for p in packages if not all((NODE_MODULES / p / f).is_file() for f in VENDORED[p])]


def _split_spec(spec: str) -> tuple[str, str | None, str]:
    """``@scope/name@1.0.2/dist/x.js`` -> (``@scope/name``, ``1.0.2``, ``dist/x.js``)."""
    parts = spec.split("/")
    n = 2 if spec.startswith("@") else 1
    head, file = "/".join(parts[:n]), "/".join(parts[n:])
    name, at, version = head[1:].partition("@") if head.startswith("@") else head.partition("@")
    if head.startswith("@"):
        name = "@" + name
    return name, (version if at else None), file


@lru_cache(maxsize=64)
def _gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


async def _send(files: StaticFiles, root: Path, path: str, request: Request) -> Response:
    """``path`` under ``root`` as StaticFiles sends it (ETag, 304, 404), gzipped when the
    client accepts it."""
    response = await files.get_response(path, request.scope)
    if (
        response.status_code != 200
        or not path.endswith(_COMPRESSIBLE)
        or "gzip" not in request.headers.get("accept-encoding", "")
    ):
        return response
    file = root / path
    stat = file.stat()
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "accept-ranges")}
    headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return Response(_gzipped(file, stat.st_mtime_ns, stat.st_size), headers=headers)


# --- the page ----------------------------------------------------------------------------


@router.get("/explore", response_class=HTMLResponse)
async def explore(request: Request) -> Response:
    """The explorer page; a page naming the fix when the front-end packages are missing."""
    missing = missing_packages()
    if missing:
        return HTMLResponse(_MISSING.format(missing=", ".join(missing)), status_code=503)
    return await _send(_static, STATIC_DIR, "index.html", request)


@router.get("/explore/")
async def explore_slash() -> RedirectResponse:
    return RedirectResponse("/explore", status_code=308)


@router.get("/explore/static/{path:path}")
async def explore_static(path: str, request: Request) -> Response:
    """The page's own scripts and styles (``api/explorer/static``)."""
    return await _send(_static, STATIC_DIR, path, request)


@router.get("/explore/vendor/{spec:path}")
async def vendor(spec: str, request: Request) -> Response:
    """A vendored library file: ``<package>[@<version>]/<file>``; a version must be the
    installed one, so a page never gets other bytes than it asked for."""
    name, version, file = _split_spec(spec)
    if file not in VENDORED.get(name, ()):
        raise HTTPException(404, f"{spec} is not a vendored file")
    installed = installed_version(name)
    if installed is None:
        raise HTTPException(404, f"{name} is not installed; run make setup (npm ci in api/explorer)")
    if version is not None and version != installed:
        raise HTTPException(404, f"{name}@{version} is not installed ({installed} is)")
    response = await _send(_vendor, NODE_MODULES, f"{name}/{file}", request)
    if version is not None:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# --- GraphiQL without unpkg --------------------------------------------------------------

_UNPKG = re.compile(r"https://unpkg\.com/((?:@[\w.-]+/)?[\w.-]+)@([\w.+-]+)/([\w./-]+)")


def graphiql_html() -> str:
    """strawberry's GraphiQL page with every unpkg file we vendor at the same version served
    from ``/explore/vendor/``; any other address is left as it is."""

    def local(match: re.Match[str]) -> str:
        name, version, file = match.groups()
        if file in VENDORED.get(name, ()) and installed_version(name) == version:
            return f"/explore/vendor/{name}@{version}/{file}"
        return match.group(0)

    return _UNPKG.sub(local, get_graphql_ide_html("graphiql"))


class OfflineGraphiQLRouter(GraphQLRouter):
    """strawberry's GraphQL router, its GraphiQL page (served when strawberry would serve it:
    a browser's GET without a query, outside production) loading its files from
    ``/explore/vendor/`` instead of unpkg.com."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html())
