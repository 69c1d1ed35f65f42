"""Search excerpts: the part of a long text around the words searched for."""

from __future__ import annotations

from graph.read import excerpt

TEXT = "一二三四五六七八九十" * 3 + "推进养老机构标准化建设" + "甲乙丙丁戊己庚辛壬癸" * 3


def test_short_texts_and_none_are_kept_whole() -> None:
    assert excerpt("居家养老服务", "养老", 10) == "居家养老服务"
    assert excerpt(None, "养老") is None


def test_window_is_centred_on_the_words() -> None:
    assert excerpt(TEXT, "养老", 10) == "…九十推进养老机构标准…"


def test_window_keeps_to_the_ends_of_the_text() -> None:
    assert excerpt(TEXT, "一二三", 10) == "一二三四五六七八九十…"
    assert excerpt("一二三四五六七八九十" * 3 + "结尾", "结尾", 10) == "…三四五六七八九十结尾"


def test_words_not_written_together_are_found_by_their_pairs() -> None:
    # the index matches character pairs: 养老标准 is not in the text, 标准 is (and 养老)
    assert excerpt(TEXT, "标准养老", 10) == "…九十推进养老机构标准…"  # the first pair found: 养老
    assert excerpt(TEXT, "机构化", 10) == "…推进养老机构标准化建…"


def test_latin_words_match_whatever_their_case() -> None:
    text = "x" * 40 + "GDP增长" + "y" * 40
    assert excerpt(text, "gdp", 11) == "…xxxxGDP增长yy…"


def test_nothing_found_gives_the_start() -> None:
    assert excerpt(TEXT, "医疗", 10) == "一二三四五六七八九十…"
