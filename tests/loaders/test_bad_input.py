"""Bad input: each gets a clear error naming the file, what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import LoadError, load_file, parse_bytes
from loaders.errors import (
    BinaryInput,
    EmptyInput,
    IncompleteDocument,
    InputTooLarge,
    NotARegularFile,
    NotAWorkPlan,
    TruncatedTable,
    UndecodableText,
    UnsupportedFormat,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"


def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("data", [b"", b"   \n\n  \r\n"])
def test_empty_file(data):
    with pytest.raises(EmptyInput, match=r"plan\.txt: the file is empty"):
        parse_bytes(data, "plan.txt")


def test_binary_file():
    with pytest.raises(BinaryInput, match=r"plan\.txt: binary data.*UTF-8 or GB18030"):
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "plan.txt")


def test_undecodable_text():
    with pytest.raises(UndecodableText, match=r"plan\.txt: neither UTF-8 nor GB18030; re-save the file as UTF-8"):
        parse_bytes("工作要点".encode() + b"\xff\xfe\xff" + "附件".encode(), "plan.txt")


def test_gb18030_reads_like_utf8():
    utf8, _ = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    gb, _ = parse_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"), SAMPLE.name)
    assert gb.content() == utf8.content()


def test_not_a_work_plan():
    text = "会议纪要\n\n今天讨论了食堂菜单。\n\n大家一致同意周五吃饺子。\n"
    with pytest.raises(NotAWorkPlan, match=r"notes\.txt: no plan title.*expected a work plan"):
        parse_bytes(text.encode(), "notes.txt")


def test_title_without_any_content():
    text = "关于印发《宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点》的通知\n\n这是一段正文。\n"
    with pytest.raises(NotAWorkPlan, match=r"neither 二、重点任务 areas nor annex tables"):
        parse_bytes(text.encode(), "short.txt")


def test_table_cut_off_mid_row():
    # the file ends after the work cell of 附件三's row 41 (line 1890): four paragraphs, not five cells
    text = "\n".join(sample_lines()[:1890])
    with pytest.raises(TruncatedTable, match=r"附件三 table is cut off: row 41 \(line 1880\).*fewer than the five cells"):
        parse_bytes(text.encode(), "cut.txt")


def test_table_cut_off_with_enough_paragraphs_is_refused():
    # cut after 评价体系 (line 1894): six paragraphs still fill five cells, but the last one is no schedule
    text = "\n".join(sample_lines()[:1894])
    with pytest.raises(IncompleteDocument, match=r"cut\.txt: structurally incomplete: 附件三: the file ends in row 41, "
                       r"whose 进度安排 does not start with a period .*--allow-partial"):
        parse_bytes(text.encode(), "cut.txt")
    _, report = parse_bytes(text.encode(), "cut.txt", allow_partial=True)
    assert [f.code for f in report.warnings if f.code == "last-row-may-be-cut"] == ["last-row-may-be-cut"]


def test_unsupported_extension(tmp_path):
    path = tmp_path / "plan.rtf"
    path.write_bytes(b"{\\rtf1 ...")
    with pytest.raises(UnsupportedFormat,
                       match=r"plan\.rtf: unsupported file type '\.rtf'; give a \.txt, \.html, \.docx or \.pdf"):
        load_file(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match=r"nope\.txt: no such file"):
        load_file(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match=r"is a directory"):
        load_file(tmp_path)


FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def test_full_width_punctuation_reads_the_same():
    """Government pages and Word files mostly use full-width （）：，； — the sample is ASCII."""
    ascii_doc, _ = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    wide_doc, report = parse_bytes(SAMPLE.read_text(encoding="utf-8").translate(FULL_WIDTH).encode(), SAMPLE.name)

    def shape(doc):
        return {
            "areas": [(a.name, a.kind.value) for a in doc.areas],
            "headers": [(h.stated_count, h.row_count) for h in doc.area_headers],
            "indicators": [(i.value, i.unit, i.comparator) for i in doc.indicators],
            "items": [
                (i.kind.value, i.number, len(i.name), [u.canonical for u in i.units], [u.role.value for u in i.units],
                 [len(t.split("\n")) if t else 0 for t in i.cells.values()],
                 [(m.start_month, m.end_month) for m in i.milestones],
                 [(p.key, p.cell, p.level, p.kind) for p in i.policies],
                 [(x.value, x.unit) for x in i.indicators], [p.name for p in i.places])
                for i in doc.items
            ],
            "departments": [(d.key, d.kind) for d in doc.departments],
        }

    assert shape(wide_doc) == shape(ascii_doc)
    assert wide_doc.tasks[24].name == "大通道建设"


def test_row_without_a_name():
    from loaders.errors import MalformedRow
    from tests.loaders.render import to_html

    doc, _ = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    html = to_html(doc)
    assert html.count("数字经济五年倍增行动(区经信局)") == 1
    broken = html.replace("数字经济五年倍增行动(区经信局)", "")
    with pytest.raises(MalformedRow, match=r"plan\.html: 附件二 .*has no 重点工作\(责任单位\) name"):
        parse_bytes(broken.encode(), "plan.html")


# --- what is not a plan file: FIFOs, devices, symlink loops, oversized input -------------


def _within(seconds: float, call):
    """Run ``call`` in a thread; its exception, or a failure when it has not returned in time."""
    import threading

    outcome: list[BaseException | None] = []

    def run():
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 (handed back to the test)
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def test_a_fifo_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    error = _within(10, lambda: load_file(fifo))
    assert isinstance(error, NotARegularFile)
    assert str(error) == (f"{fifo}: is a FIFO (named pipe), not a regular file; "
                          "give the plan as a .txt, .html, .docx or .pdf file")


def test_a_device_behind_a_symlink_is_refused(tmp_path):
    link = tmp_path / "plan.txt"
    link.symlink_to("/dev/zero")
    error = _within(10, lambda: load_file(link))
    assert isinstance(error, NotARegularFile)
    assert str(error) == f"{link}: is a character device, not a regular file; give the plan as a .txt, .html, .docx or .pdf file"


def test_a_symlink_loop_is_one_line(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(LoadError) as caught:
        load_file(a)
    assert str(caught.value) == f"{a}: a loop of symbolic links; point the link at the plan file itself"


def test_a_symlink_to_the_sample_reads_it(tmp_path):
    link = tmp_path / "plan.txt"
    link.symlink_to(SAMPLE)
    assert len(load_file(link)[0].tasks) == 73


def test_input_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(SAMPLE.read_bytes() * 12)  # 1.8 MB
    monkeypatch.setenv("POLICYKG_MAX_INPUT_MB", "1")
    with pytest.raises(InputTooLarge) as caught:
        load_file(big)
    assert str(caught.value) == (
        f"{big}: 1.8 MB, over the 1 MB limit on one input; a larger plan can be loaded with "
        "POLICYKG_MAX_INPUT_MB set higher (e.g. POLICYKG_MAX_INPUT_MB=256)")
    with pytest.raises(InputTooLarge, match=r"^big\.txt: 1\.8 MB, over the 1 MB limit"):
        parse_bytes(big.read_bytes(), "big.txt")
    monkeypatch.setenv("POLICYKG_MAX_INPUT_MB", "0.2")  # the sample is 0.15 MB
    assert len(load_file(SAMPLE)[0].tasks) == 73


def test_the_default_limit_is_64_mb(monkeypatch):
    from loaders.read import max_input_bytes

    assert max_input_bytes() == 64 * 1024 * 1024
    monkeypatch.setenv("POLICYKG_MAX_INPUT_MB", "lots")
    with pytest.raises(LoadError, match=r"^POLICYKG_MAX_INPUT_MB='lots' is not a number; set it to a size in megabytes"):
        max_input_bytes()
