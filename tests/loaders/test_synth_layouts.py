"""Synthetic plans of every layout parse back to exactly what the generator meant.

The template's plans are checked field by field in test_synth_parse.py; here the numbered-items
plans (loaders.synth.synthesize_numbered) are: every item's number and section path as written,
its name, lead and supporting units in order, collective units, leaders and deadlines, and the
plan's header. Both generators' output is pinned byte for byte: a change to either must be
deliberate (and the pin rewritten with it).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest

from loaders import parse_bytes
from loaders.model import Role
from loaders.synth import (
    LAYOUTS,
    NUMBERED_STYLES,
    NumberedDocument,
    synthesize,
    synthesize_numbered,
    write_corpus,
)

NUMBERED = synthesize_numbered(60, seed=11)
NUMBERED_DIGEST = "cd6932f55a640249307231c8f1242a93c94ca400be73145e4574141ae659c16c"


def _digest(pairs: list[tuple[str, str]]) -> str:
    return hashlib.sha256("\x00".join(f"{name}\n{text}" for name, text in pairs).encode()).hexdigest()


@pytest.mark.parametrize(("n", "seed", "digest"), [
    (5, 1, "185f45cdebb354694fcdc0cb150200f3b23cd0925b9a51ff69d93f995adecae8"),
    (20, 2024, "de709698eeeb80468077aabdc8ca251c2105bc4ce06140a45f3930cb3040321f"),
])
def test_the_template_generator_writes_what_it_always_wrote(n, seed, digest) -> None:
    assert _digest([(d.filename, d.text) for d in synthesize(n, seed)]) == digest


def test_the_numbered_generator_is_pinned_and_reproducible() -> None:
    docs = synthesize_numbered(20, 2024)
    assert _digest([(d.filename, d.text) for d in docs]) == NUMBERED_DIGEST
    assert [d.text for d in synthesize_numbered(7, 2024)] == [d.text for d in docs[:7]]
    assert synthesize_numbered(3, 2025)[0].text != docs[0].text



@pytest.mark.parametrize("synth", NUMBERED, ids=[d.filename for d in NUMBERED])
def test_a_numbered_plan_parses_back_to_its_truth(synth: NumberedDocument) -> None:
    doc, report = parse_bytes(synth.text.encode("utf-8"), synth.filename)
    truth = synth.truth
    assert (doc.layout, doc.jurisdiction.name, doc.year, doc.title, doc.doc_number, doc.issuer, doc.issue_date) == (
        "numbered-items", truth.jurisdiction, truth.year, truth.title, truth.doc_number, truth.issuer,
        truth.issue_date.isoformat())
    assert report.stats["paragraphs_not_understood"] == []
    assert report.stats["units_not_classified"] == []
    assert report.warnings == []
    assert len(doc.items) == len(truth.items)
    for meant, item in zip(truth.items, doc.items, strict=True):
        assert (item.number_text, item.section_path, item.name, item.kind_text) == (
            meant.number_text, meant.section_path, meant.name, truth.kind_text)
        assert [u.written for u in item.units if u.role is Role.LEAD] == meant.lead, meant.number_text
        assert [u.written for u in item.units if u.role is Role.SUPPORT] == meant.support, meant.number_text
        assert [u.order for u in item.units] == list(range(len(meant.lead) + len(meant.support)))
        assert [u.written for u in item.units if u.kind == "collective"] == meant.collective
        assert [(leader.label, leader.name) for leader in item.leaders] == meant.leaders
        assert [(m.label, m.start_month, m.end_month) for m in item.milestones] == [
            (label, None, month) for label, month in meant.deadlines]


def test_the_numbered_plans_cover_every_variant() -> None:
    texts = "\n".join(d.text for d in NUMBERED)
    assert Counter(d.truth.style for d in NUMBERED).keys() == set(NUMBERED_STYLES)
    for line in ("牵头单位", "牵头责任单位", "配合单位", "协同责任单位", "牵头负责领导", "责任领导"):
        assert re.search(rf"^{line}[:\uff1a]", texts, re.M), line
    for pattern in (r"牵头,[^)\uff09]*配合[)\uff09]", r"按职责分工负责[)\uff09]", r"[(\uff08]牵头单位[:\uff1a][^;]*;配合单位",
                    r"[(\uff08]牵头单位[:\uff1a][^;]*;责任单位", r"^责任单位[:\uff1a].*等,"):
        assert re.search(pattern, texts, re.M), pattern
    labels = {label for d in NUMBERED for item in d.truth.items for label, _ in item.deadlines}
    assert {"年底前"} < labels
    assert any(re.fullmatch(r"\d{1,2}月底前", x) for x in labels)
    assert any(re.fullmatch(r"20\d\d年\d{1,2}月底前", x) for x in labels)
    assert any(re.fullmatch(r"明年\d{1,2}月份", x) for x in labels)
    collectives = {c for d in NUMBERED for item in d.truth.items for c in item.collective}
    assert {"各街道", "各镇(街道)", "区级相关部门"} <= collectives
    assert any(len(item.lead) == 2 for d in NUMBERED for item in d.truth.items)
    assert {d.truth.kind_text for d in NUMBERED} == {"重点工作", "重点任务", "政策措施", "工作任务"}
    assert {len(item.section_path) for d in NUMBERED for item in d.truth.items} == {1, 2}


def test_a_district_never_has_two_numbered_plans_of_one_year() -> None:
    seen = Counter((d.truth.jurisdiction, d.truth.year) for d in synthesize_numbered(200, 5))
    assert max(seen.values()) == 1
    assert len({j for j, _ in seen}) < len(seen)  # some districts have several years


def test_write_corpus_writes_each_layout(tmp_path) -> None:
    assert set(LAYOUTS) == {"template", "numbered-items", "table"}
    paths = write_corpus(tmp_path / "n", 3, 11, layout="numbered-items")
    assert [p.read_text(encoding="utf-8") for p in paths] == [d.text for d in NUMBERED[:3]]
    assert [p.name for p in paths] == [d.filename for d in NUMBERED[:3]]
    with pytest.raises(ValueError, match="no layout 'tabular'"):
        write_corpus(tmp_path / "t", 1, 1, layout="tabular")


def test_policykg_synth_takes_a_layout(tmp_path) -> None:
    from typer.testing import CliRunner

    from policykg.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["synth", "-n", "2", "--seed", "11", "--layout", "numbered-items", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 2 plan(s) to {tmp_path}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(d.filename for d in NUMBERED[:2])
    refused = runner.invoke(app, ["synth", "--layout", "tables", "-o", str(tmp_path / "x")])
    assert refused.exit_code == 2
    assert "'tables': one of template, numbered-items" in refused.output
    assert not (tmp_path / "x").exists()
