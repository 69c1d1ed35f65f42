"""/explore and its files, and GraphiQL served from the same vendored files (no browser needed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import ApiSettings, create_app
from api.explorer import routes
from graph.config import Settings

pytestmark = pytest.mark.skipif(
    routes.missing_packages(tuple(routes.VENDORED)) != [],
    reason="the explorer's npm packages are not installed (make setup runs npm ci in api/explorer)",
)

PAGE = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _client(settings: Settings, **overrides: object) -> TestClient:
    return TestClient(create_app(ApiSettings(**(settings.model_dump() | overrides))))


@pytest.fixture
def client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with _client(neo4j_settings) as client:
        yield client


def test_page_and_its_files(client: TestClient) -> None:
    page = client.get("/explore")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "政策图谱浏览" in page.text
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"', page.text)
    assert "/explore/vendor/cytoscape/dist/cytoscape.min.js" in scripts
    assert "/explore/vendor/cytoscape-fcose/cytoscape-fcose.js" in scripts
    for path in scripts:
        assert client.get(path).status_code == 200, path
    assert "https://" not in page.text  # nothing from elsewhere
    assert client.get("/explore/", follow_redirects=False).headers["location"] == "/explore"


def test_vendor_serves_only_listed_files_at_installed_versions(client: TestClient) -> None:
    version = routes.installed_version("cytoscape")

    pinned = client.get(f"/explore/vendor/cytoscape@{version}/dist/cytoscape.min.js")
    assert pinned.status_code == 200
    assert "immutable" in pinned.headers["cache-control"]
    assert client.get("/explore/vendor/cytoscape@0.0.1/dist/cytoscape.min.js").status_code == 404
    assert client.get("/explore/vendor/cytoscape/package.json").status_code == 404
    assert client.get("/explore/vendor/left-pad/index.js").status_code == 404
    assert client.get("/explore/vendor/@graphiql/plugin-explorer/dist/style.css").status_code == 200
    assert client.get("/explore/static/../routes.py").status_code == 404


def test_graphiql_loads_nothing_from_unpkg(client: TestClient) -> None:
    page = client.get("/graphql", headers=PAGE)

    assert page.status_code == 200
    assert "unpkg.com" not in page.text
    local = re.findall(r'(?:src|href)="(/explore/vendor/[^"]+)"', page.text)
    assert len(local) == 7
    for path in local:
        assert client.get(path).status_code == 200, path
    # the integrity hashes strawberry's page carries still hold for npm's bytes
    assert page.text.count('integrity="sha384-') == 7


def test_graphql_itself_is_untouched(client: TestClient) -> None:
    by_get = client.get("/graphql", params={"query": "{ health { ok } }"}, headers=PAGE)
    by_post = client.post("/graphql", json={"query": "{ health { ok } }"})

    assert by_get.json() == {"data": {"health": {"ok": True}}}
    assert by_post.json() == {"data": {"health": {"ok": True}}}


def test_no_graphiql_in_production(neo4j_settings: Settings) -> None:
    with _client(neo4j_settings, env="production") as client:
        assert client.get("/graphql", headers=PAGE).status_code == 404
        assert client.get("/explore").status_code == 200


def test_missing_packages_page_names_the_fix(client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(routes, "NODE_MODULES", tmp_path)

    page = client.get("/explore")

    assert page.status_code == 503
    assert "make setup" in page.text and "cytoscape" in page.text


def test_text_files_go_gzipped(client: TestClient) -> None:
    path = "/explore/vendor/cytoscape/dist/cytoscape.min.js"
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # httpx undoes the gzip
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304
