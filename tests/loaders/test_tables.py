"""The cell rebuild of flattened annex rows: the dynamic programme finds what the
exhaustive search over every split found (same cells, score and margin)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from loaders import parse_bytes
from loaders.blocks import Para
from loaders.model import ROW_CELLS, Cell
from loaders.tables import (
    _EVALUATION_WORDS,
    _POLICY_WORDS,
    EMPTY,
    Split,
    _continues,
    _first_number,
    split_cells,
    starts_with_period,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"


# The former scoring, one whole cell at a time (the product extends it one paragraph at a time).


def _score_cell(kind: Cell, paras: tuple[Para, ...]) -> float:
    if not paras:
        return 0.0
    score = 0.0
    first = paras[0].text
    if kind is Cell.SCHEDULE:
        score += 3.0 if starts_with_period(first) else -3.0
        score += sum(0.5 for p in paras[1:] if starts_with_period(p.text))
    else:
        if starts_with_period(first):
            score -= 4.0
        score -= sum(2.0 for p in paras[1:] if starts_with_period(p.text))
    if kind is Cell.POLICY and any(_POLICY_WORDS.search(p.text) for p in paras):
        score += 1.0
    if kind is Cell.EVALUATION and any(_EVALUATION_WORDS.search(p.text) for p in paras):
        score += 1.0
    if kind is Cell.TARGET:
        score -= 1.0 * (len(paras) - 1)
    for a, b in itertools.pairwise(paras):
        if _continues(a, b):
            score += 3.0
        elif _first_number(b.text) == 1:
            score -= 4.0
        elif kind is not Cell.SCHEDULE:
            score -= 1.0
    return score


def _score_boundary(last: Para, nxt: Para) -> float:
    return -3.0 if _continues(last, nxt) else 0.0


def exhaustive_split(items: list[Para | None]) -> Split | None:
    """The former search: every combination of split points scored, the best kept (n⁴ in the row's items)."""
    n = len(items)
    if n < len(ROW_CELLS):
        return None
    forced = {i for i in range(n - 1) if items[i] is EMPTY or items[i + 1] is EMPTY}
    free = [i for i in range(n - 1) if i not in forced]
    need = len(ROW_CELLS) - 1 - len(forced)
    if need < 0 or need > len(free):
        return None
    scored = []
    for chosen in itertools.combinations(free, need):
        cuts = sorted(forced | set(chosen))
        groups, start = [], 0
        for cut in cuts:
            groups.append(items[start : cut + 1])
            start = cut + 1
        groups.append(items[start:])
        cells = [() if any(g is EMPTY for g in group) else tuple(group) for group in groups]
        score = sum(_score_cell(kind, cell) for kind, cell in zip(ROW_CELLS, cells, strict=True))
        for a, b in itertools.pairwise(cells):
            if a and b:
                score += _score_boundary(a[-1], b[0])
        scored.append((score, tuple(cells)))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else None
    return Split(cells=scored[0][1], score=scored[0][0], margin=margin)


# Paragraphs of the kinds the scores tell apart: numbered lists that continue or restart,
# period labels, policy and evaluation words, plain prose.
TEXTS = (
    "1.开展数字化车间项目验收工作。", "2.加强运行监测分析。", "3.推进准入准营改革。", "1.《奉化区数字经济发展五年行动计划》。",
    "2.《奉化区数字经济发展2022年工作要点》。", "工业经济发展竞赛考核办法。", "纳入年度目标责任制考核。",
    "2—4月:印发工作要点。", "5-8月:开展项目验收。", "6月底前:完成方案制定。", "全年:持续推进。", "二季度 开展培训。",
    "市场主体达到7.5万户,新增个转企162家。", "着力打造标志性成果。", "出台实施意见。", "建立评价指标体系。",
    "10-12月:完成验收。", "4.完善工作机制。",
)


def generated_rows(count: int, seed: int) -> list[list[Para | None]]:
    r = random.Random(seed)
    rows = []
    for _ in range(count):
        n = r.randint(4, 12)
        row: list[Para | None] = []
        for line in range(n):
            row.append(EMPTY if r.random() < 0.12 else Para(r.choice(TEXTS), line + 1, line + 1))
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(4))
def test_dynamic_programme_matches_the_exhaustive_search(seed):
    rows = generated_rows(500, seed)
    found = 0
    for row in rows:
        expected, got = exhaustive_split(row), split_cells(row)
        assert got == expected, [p.text if p else None for p in row]
        found += got is not None
    assert found > 300  # most generated rows split at all


def test_ties_go_to_the_earliest_boundary():
    """Among splits of the same best score the first one the old search met is kept: the one whose
    first differing boundary comes earlier."""
    ties = [row for row in generated_rows(2000, 99) if (split := exhaustive_split(row)) and split.margin == 0.0]
    assert len(ties) > 50
    for row in ties:
        assert split_cells(row) == exhaustive_split(row)
    row: list[Para | None] = [Para("全年:持续推进。", i, i) for i in range(1, 8)]
    assert [len(c) for c in split_cells(row).cells] == [1, 1, 1, 1, 3]


def test_the_sample_rows_split_as_before(monkeypatch):
    """Every row of the sample's two annexes, split both ways (its rows are short enough for the old search)."""
    from loaders import tables

    rows: list[list[Para | None]] = []
    original = tables.split_cells

    def record(items):
        rows.append(list(items))
        return original(items)

    monkeypatch.setattr(tables, "split_cells", record)
    doc, _ = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert len(rows) == len(doc.tasks) + len(doc.reforms) == 114
    for row in rows:
        assert split_cells(row) == exhaustive_split(row)


def test_a_long_row_splits_without_trying_every_combination():
    # 90 paragraphs in one row: the exhaustive search would score about 2.6 million splits
    row: list[Para | None] = [Para("数字经济核心产业增加值达到4.8%。", 1, 1)]
    row += [Para(f"{i}.完善工作机制。", i + 1, i + 1) for i in range(1, 88)]
    row += [Para("1.《工作要点》。", 89, 89), Para("纳入考核。", 90, 90), Para("全年:持续推进。", 91, 91)]
    split = split_cells(row)
    assert [len(c) for c in split.cells] == [1, 87, 1, 1, 1]
    assert (split.score, split.margin) == (263.0, 8.0)
