"""The genre's real documents (tests/data/genre) agree with the values read from them by hand.

No loader is run here: these tests check the test data itself, so that a later exact-value test
of the genre loader rests on values that really are in the documents. Every expected file names
its document; every item's number opens its line, its first words and every unit, leader,
deadline label and indicator text it names are found verbatim in the lines it gives; collectives
are among the item's units; the README lists every document and the shared examples are copied
unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GENRE = ROOT / "tests" / "data" / "genre"
EXPECTED = sorted((GENRE / "expected").glob("*.yaml"))
# the shared corpus sits beside the repository (../shared), or beside the folder of worktrees
SHARED = next(
    (p for p in (ROOT.parent / "shared" / "corpus" / "genre", ROOT.parent.parent / "shared" / "corpus" / "genre") if p.is_dir()),
    ROOT.parent / "shared" / "corpus" / "genre",
)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _lines(doc: dict) -> list[str]:
    return (GENRE / doc["file"]).read_text(encoding="utf-8").split("\n")


def test_every_document_has_its_expected_values() -> None:
    documents = {p.name for p in GENRE.glob("*.txt")}
    named = {_load(p)["file"] for p in EXPECTED}
    assert documents == named
    assert len(documents) >= 8


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_expected_file_is_named_after_its_document(path: Path) -> None:
    assert _load(path)["file"] == path.stem + ".txt"


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_items_are_where_they_are_said_to_be(path: Path) -> None:
    doc = _load(path)
    lines = _lines(doc)
    assert doc["items"], "a document of the genre has numbered items"
    previous = 0
    for item in doc["items"]:
        start, end = item["line"], item["end_line"]
        assert previous < start <= end <= len(lines), item
        previous = start
        span = "\n".join(lines[start - 1 : end])
        if item["number"] is not None:
            assert span.lstrip().startswith(item["number"]), item["number"]
        assert item["first_words"] in span, item["first_words"]
        for key in ("lead", "support", "units_without_role", "leaders"):
            for name in item.get(key, []):
                assert name in span, (key, name)
        for deadline in item["deadlines"]:
            assert deadline["label"] in span and deadline["text"] in span, deadline
            assert deadline["end_month"] is None or 1 <= deadline["end_month"] <= 12
        for indicator in item["indicators"]:
            assert indicator["text"] in span, indicator
            if not indicator.get("derived"):  # a name read out of 分别 (城镇、农村…) is not written whole
                assert indicator["name"] in span, indicator
        for cell in item.get("cells", {}).values():
            if cell in (item.get("path") or [None])[:1]:
                continue  # a spanning 分类 cell is written once, before its group
            assert cell in span, cell
        units = item["lead"] + item["support"] + item.get("units_without_role", [])
        assert len(units) == len(set(units)), units
        assert set(item["collective"]) <= set(units), item["collective"]
        if item.get("complete", True):
            assert item["lead"], "a complete item has a lead unit"


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_section_paths_are_headings_above_the_item(path: Path) -> None:
    doc = _load(path)
    lines = _lines(doc)
    for item in doc["items"]:
        above = [line.strip() for line in lines[: item["line"] - 1]]
        for heading in item["path"]:
            assert any(line.startswith(heading.strip()) for line in above), heading


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_body_indicators_are_in_their_line(path: Path) -> None:
    doc = _load(path)
    for block in doc.get("body_indicators", []):
        line = _lines(doc)[block["line"] - 1]
        for indicator in block["indicators"]:
            assert indicator["text"] in line and indicator["name"] in line, indicator


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_section_leaders_are_in_their_heading(path: Path) -> None:
    doc = _load(path)
    for block in doc.get("section_leaders", []):
        line = _lines(doc)[block["line"] - 1]
        assert line.startswith(block["section"])
        for name in block["leaders"]:
            assert name in line, name
        assert any(item["path"][:1] == [block["section"]] for item in doc["items"])


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_inherited_units_are_written_by_then(path: Path) -> None:
    doc = _load(path)
    lines = _lines(doc)
    for item in doc["items"]:
        before = "\n".join(lines[: item["end_line"]])  # the rule may end the item that states it
        for name in item.get("inherited", []):
            assert name in before, name


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_header_values_are_in_the_document(path: Path) -> None:
    doc = _load(path)
    text = "\n".join(_lines(doc))
    header = doc["header"]
    jurisdiction = header["jurisdiction"]
    assert (jurisdiction["as_written"] or "") in jurisdiction["full_name"]
    assert jurisdiction["level"] in {"province", "prefecture", "county"}
    assert len(jurisdiction["code"]) == 6 and jurisdiction["code"].isdigit()
    if jurisdiction["as_written"]:
        assert jurisdiction["as_written"] in text
    issuer = header["issuer"]["name"]
    if issuer and "line" in header["issuer"]:
        assert issuer in _lines(doc)[header["issuer"]["line"] - 1]
    date = header["date"]
    if "line" in date:
        assert date["as_written"] in _lines(doc)[date["line"] - 1]
    for line in header.get("doc_number_lines", []):
        assert header["doc_number"] in _lines(doc)[line - 1]


def test_readme_lists_every_document() -> None:
    readme = (GENRE / "README.md").read_text(encoding="utf-8")
    for path in GENRE.glob("*.txt"):
        assert f"`{path.name}`" in readme, path.name


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside this worktree")
@pytest.mark.parametrize("name", ["xuchang-2020-excerpt.txt", "xianyang-2022-excerpt-traditional.txt"])
def test_shared_examples_are_copied_unchanged(name: str) -> None:
    assert (GENRE / name).read_bytes() == (SHARED / name).read_bytes()
