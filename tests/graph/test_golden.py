"""What each example GraphQL question becomes: the Cypher and parameters it sends.

Every ``tests/graph/golden/<name>.graphql`` is posted to ``/graphql`` of the app over the
sample plan; the statements its root fields send (through ``graph/read.py``, whose
``Read.run_async`` hands each compiled statement to the connection's ``read``) are captured
there and compared with ``<name>.cypher``: the GraphQL question as a comment, then each
statement followed by its parameters as a commented JSON block. A change to the selection
planner (``api/schema/plan.py``) or the compiler (``graph/cypher.py``) shows up as a diff
of these files.

The ``.cypher`` files are written by compiling, never by hand: after a deliberate change,
rewrite them with

    POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py

and read the diff before committing it. Named queries (``runNamedQuery``) are not here:
their Cypher is the file in ``queries/`` as written, not compiled.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.driver import Database
from tests.api.conftest import api_client, post, sample_document, sample_graph  # noqa: F401 (fixtures)

pytestmark = pytest.mark.neo4j

GOLDEN = Path(__file__).resolve().parent / "golden"
QUESTIONS = sorted(GOLDEN.glob("*.graphql"))
# Read at import: the suite's autouse fixture strips POLICYKG_* variables before each test.
UPDATE = os.environ.get("POLICYKG_UPDATE_GOLDEN") == "1"
REWRITE = "POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py"


def render(question: str, statements: list[tuple[str, dict[str, Any]]]) -> str:
    """The golden text: the question as comments, then every statement and its parameters."""
    lines = [f"// compiled from {question.name}; rewrite with {REWRITE}", "//"]
    lines += [f"// {line}".rstrip() for line in question.read_text(encoding="utf-8").strip().splitlines()]
    for number, (query, parameters) in enumerate(statements, 1):
        lines += ["", f"// statement {number} of {len(statements)}", query.strip(), "// parameters:"]
        shown = json.dumps(parameters, ensure_ascii=False, indent=2, default=repr)
        lines += [f"// {line}" for line in shown.splitlines()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings) as client:
        yield client


@pytest.fixture
def statements(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every (statement, parameters) the app's connection is asked to read, in order."""
    sent: list[tuple[str, dict[str, Any]]] = []
    connection = client.app.state.graph
    real = connection.read

    async def read(query: str, parameters: dict | None = None, **kwargs: Any):
        sent.append((query, dict(parameters or {})))
        return await real(query, parameters, **kwargs)

    monkeypatch.setattr(connection, "read", read)
    return sent


def _readme_questions() -> list[str]:
    readme = (GOLDEN.parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## GraphQL API\n"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(r"```graphql\n(.*?)```", section, re.S)


def test_the_readme_questions_are_golden_questions() -> None:
    readme = _readme_questions()
    golden = sorted(GOLDEN.glob("readme-*.graphql"))
    assert len(golden) == len(readme) == 5
    for number, (path, question) in enumerate(zip(golden, readme, strict=True), 1):
        assert path.name.startswith(f"readme-{number}-")
        own = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        assert own.strip() == question.strip(), f"{path.name} is not README question {number}"


def test_every_question_has_its_golden_file() -> None:
    assert QUESTIONS, f"no questions in {GOLDEN}"
    compiled = {p.stem for p in GOLDEN.glob("*.cypher")}
    asked = {p.stem for p in QUESTIONS}
    assert compiled - asked == set(), "golden files without a question: delete them"


@pytest.mark.parametrize("question", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_compiled_cypher_matches_its_golden_file(
    question: Path, client: TestClient, statements: list, sample_graph: Database,  # noqa: F811
) -> None:
    payload = post(client, question.read_text(encoding="utf-8"))
    assert "errors" not in payload, payload["errors"]
    assert statements, "the question sent no statement"
    text = render(question, statements)
    golden = question.with_suffix(".cypher")
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"{golden.name} is missing; write it with {REWRITE}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{question.name} now compiles differently from {golden.name}; if that is intended, rewrite it with "
        f"{REWRITE} and read the diff")
