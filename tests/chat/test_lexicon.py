"""Linking questions to names, with jieba and the graph's names as its user dictionary (no Neo4j)."""

from __future__ import annotations

from api.chat.lexicon import Lexicon
from graph.cypher import Label
from graph.read import LexiconEntry


def _entry(label: Label, key: str, name: str, *terms: str) -> LexiconEntry:
    return LexiconEntry(f"{label.value}:{key}", label, name, (name, *terms))


LEXICON = Lexicon.build(["doc@1"], [
    _entry(Label.DEPARTMENT, "j/区卫健局", "区卫健局", "区卫生健康局", "卫健局"),
    _entry(Label.DEPARTMENT, "j/溪口镇", "溪口镇"),
    _entry(Label.PLACE, "j/溪口镇", "溪口镇"),
    _entry(Label.REFORM, "d/reform/17", "溪口镇小城市培育"),
    _entry(Label.TASK, "d/task/1", "“人人慈善标杆区”建设"),
    _entry(Label.POLICY, "浙江省电子商务条例", "浙江省电子商务条例"),
    _entry(Label.INDICATOR, "d/i/1", "投资"),
    _entry(Label.INDICATOR, "d/i/2", "人均生产总值"),
])


def _linked(question: str) -> list[tuple[str, str, str]]:
    links, _ = LEXICON.link(question)
    return [(link.id, link.matched, link.how) for link in links]


def test_an_alias_links_to_its_department() -> None:
    assert _linked("区卫生健康局牵头哪些事项?") == [("Department:j/区卫健局", "区卫生健康局", "alias")]


def test_one_name_links_every_node_that_has_it() -> None:
    assert _linked("溪口镇负责哪些改革?") == [("Department:j/溪口镇", "溪口镇", "name"), ("Place:j/溪口镇", "溪口镇", "name")]


def test_a_name_inside_a_longer_one_is_dropped() -> None:
    assert _linked("溪口镇小城市培育由谁负责?") == [("Reform:d/reform/17", "溪口镇小城市培育", "name")]


def test_names_with_quotes_are_found_in_the_text() -> None:
    assert _linked("“人人慈善标杆区”建设进展如何?") == [("Task:d/task/1", "“人人慈善标杆区”建设", "name")]


def test_policy_titles_in_brackets() -> None:
    assert _linked("哪些工作引用了《浙江省电子商务条例》?") == [
        ("Policy:浙江省电子商务条例", "浙江省电子商务条例", "name")]


def test_short_indicator_names_are_not_linked() -> None:
    assert _linked("总投资和人均生产总值是多少?") == [("Indicator:d/i/2", "人均生产总值", "name")]


def test_jieba_keeps_the_graph_names_whole() -> None:
    _, words = LEXICON.link("区卫生健康局牵头哪些事项?")
    assert words[0] == "区卫生健康局"
