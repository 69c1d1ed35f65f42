"""The parser against synthetic plans whose truth is known, field by field."""

from __future__ import annotations

import pytest

from loaders import parse_bytes
from loaders.model import ROW_CELLS
from loaders.synth import CELL_NAMES, UNIT_ALIASES, synthesize

DOCS = synthesize(40, seed=11)


@pytest.mark.parametrize("synth", DOCS, ids=[d.filename for d in DOCS])
def test_parse_matches_truth(synth):
    doc, report = parse_bytes(synth.text.encode("utf-8"), synth.filename)
    truth = synth.truth
    assert doc.jurisdiction.name == truth.jurisdiction
    assert doc.year == truth.year
    assert doc.title == truth.title
    assert doc.index_no == truth.index_number
    for table, items in ((truth.tasks, doc.tasks), (truth.reforms, doc.reforms)):
        assert [i.number for i in items] == [r.number for r in table.rows]
        for row, item in zip(table.rows, items, strict=True):
            assert item.name == row.name
            assert [u.canonical for u in item.units] == [UNIT_ALIASES.get(u, u) for u in row.units]
            for label, cell in zip(CELL_NAMES, ROW_CELLS, strict=True):
                assert item.cells[cell.value] == "\n".join(row.cells[label]), (row.number, label)
                assert [p.title for p in item.policies if p.cell == cell.value] == row.policies.get(label, [])
            assert [(m.label, m.start_month, m.end_month) for m in item.milestones] == [
                (m.label, m.start_month, m.end_month) for m in row.milestones
            ]
        stated = {(s.header, s.stated_count, len(s.rows)) for s in table.sections}
        got = {(h.source.text, h.stated_count, h.row_count) for h in doc.area_headers if h.section.startswith(table.label)}
        assert got == stated
    assert [(i.text, i.value, i.unit) for i in doc.indicators] == [
        (i.raw, i.value, i.unit or None) for a in truth.areas for i in a.indicators
    ]
    assert len(doc.measures) == sum(len(a.measures) for a in truth.areas)
    mismatched = {s.header for t in (truth.tasks, truth.reforms) for s in t.sections if s.stated_count != len(s.rows)}
    assert {f.code for f in report.warnings} <= {"header-count-mismatch"}
    assert len([f for f in report.warnings if f.code == "header-count-mismatch"]) == len(mismatched)
