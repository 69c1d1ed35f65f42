"""GET /context and the GraphQL ``context`` field on the sample plan: the facts a question
needs, with citations, within the budget; recall over the question sets; bad requests."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from api.chat.grounding import DEFAULT_BUDGET, intents
from tests.chat.conftest import load_questions

pytestmark = pytest.mark.neo4j

QUESTIONS = load_questions("questions.yaml")
HELD_OUT = load_questions("heldout.yaml")

# Measured at the default budget (2000 characters) on the sample: every needed fact of the
# 46 questions (152 facts) and of the 12 held-out ones (14 facts) is in the context. The
# floors sit a little under, so that a ranking change that loses facts fails here.
RECALL_FLOOR = 0.97
CATEGORY_FLOOR = 0.9
HELD_OUT_FLOOR = 0.9


def _recall(chat: TestClient, questions: list[dict]) -> tuple[float, dict[str, float], list[str]]:
    found = total = 0
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for question in questions:
        response = chat.get("/context", params={"q": question["question"]})
        assert response.status_code == 200, response.text
        text = response.json()["text"]
        hits = [fact for fact in question["facts"] if fact in text]
        missed += [f"{question['id']}: {fact}" for fact in question["facts"] if fact not in text]
        category = question["id"].split("-")[0]
        by_category[category][0] += len(hits)
        by_category[category][1] += len(question["facts"])
        found += len(hits)
        total += len(question["facts"])
    return found / total, {c: a / b for c, (a, b) in by_category.items()}, missed


def test_recall_of_the_question_set_at_the_default_budget(chat: TestClient) -> None:
    assert len(QUESTIONS) >= 40
    recall, by_category, missed = _recall(chat, QUESTIONS)

    assert recall >= RECALL_FLOOR, missed
    assert {c: r for c, r in by_category.items() if r < CATEGORY_FLOOR} == {}, missed


def test_recall_of_held_out_questions(chat: TestClient) -> None:
    recall, _, missed = _recall(chat, HELD_OUT)

    assert recall >= HELD_OUT_FLOOR, missed


def test_context_is_cited_numbered_and_within_budget(chat: TestClient) -> None:
    response = chat.get("/context", params={"q": "区卫生健康局牵头哪些事项?", "budget": 800})

    assert response.status_code == 200
    body = response.json()
    assert body["budget"] == 800 and 0 < body["used"] <= 800 == body["budget"]
    assert len(body["text"]) == body["used"]
    assert body["entities"][0] == {"id": "Department:宁波市奉化区/区卫健局", "type": "Department", "name": "区卫健局",
                                   "matched": "区卫生健康局", "how": "alias"}
    lines = body["text"].split("\n")
    assert [int(re.match(r"\[(\d+)\] ", line).group(1)) for line in lines] == list(range(1, len(lines) + 1))
    assert [f["n"] for f in body["facts"]] == list(range(1, len(lines) + 1))
    scores = [f["score"] for f in body["facts"]]
    assert scores == sorted(scores, reverse=True)
    first = body["facts"][0]
    assert first["kind"] == "responsibility"
    assert first["text"].endswith("由区卫健局牵头。")
    citation = first["citation"]
    assert citation["document"] == "宁波市奉化区-2022-ec22819a"
    assert citation["line_start"] >= 1 and citation["line_end"] >= citation["line_start"]
    assert "区卫健局" in citation["source_text"]
    for fact in body["facts"]:
        assert fact["citation"]["document"] and fact["citation"]["source_text"], fact


def test_context_as_plain_text(chat: TestClient) -> None:
    response = chat.get("/context", params={"q": "大社保体系的进度安排是什么?", "budget": 400, "format": "text"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("[1] 重点工作第14项「大社保体系」进度安排 ")
    assert "完成国统系统上线" in response.text
    assert "〔附件二第14项, 进度安排, 原文第333行〕" in response.text
    assert len(response.text) <= 400


def test_schedule_questions_rank_the_months_asked_about(chat: TestClient) -> None:
    body = chat.get("/context", params={"q": "外卖在线1-3月要完成什么?"}).json()

    assert body["facts"][0]["kind"] == "milestone"
    assert "1-3月:新建网络餐饮阳光厨房150家以上" in body["facts"][0]["text"]


def test_document_facts(chat: TestClient) -> None:
    body = chat.get("/context", params={"q": "这份工作要点是哪个单位印发的?", "budget": 300}).json()

    assert body["facts"][0]["kind"] == "document"
    assert "于2022年6月30日印发" in body["facts"][0]["text"]
    cited = body["facts"][0]["citation"]  # the notice that issued it, line 6
    assert (cited["section"], cited["line_start"], cited["line_end"]) == ("文件头", 6, 6)
    assert cited["source_text"] == "关于印发《宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点》的通知"


@pytest.mark.parametrize(("params", "message"), [
    ({}, "the question is empty"),
    ({"q": "   "}, "the question is empty"),
    ({"q": "养" * 501}, "at most 500 are read"),
    ({"q": "养老", "budget": "10"}, "budget must be 200 to 20000 characters, not 10"),
    ({"q": "养老", "budget": "1000000"}, "budget must be 200 to 20000"),
    ({"q": "养老", "budget": "many"}, "budget must be a whole number"),
    ({"q": "养老", "format": "xml"}, "format must be json or text"),
])
def test_bad_requests_are_400_in_the_error_shape(chat: TestClient, params: dict, message: str) -> None:
    response = chat.get("/context", params=params)

    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["status"] == 400
    assert message in body["error"]


def test_graphql_context_field(chat: TestClient) -> None:
    query = """query ($q: String!) { context(question: $q, budget: 600) {
        budget used entities { id how } facts { n kind text subject citation { section row cell lineStart sourceText } }
        text } }"""
    payload = chat.post("/graphql", json={"query": query, "variables": {"q": "哪些工作引用了《浙江省电子商务条例》?"}})

    assert payload.status_code == 200
    body = payload.json()
    assert "errors" not in body, body
    context = body["data"]["context"]
    assert context["entities"][0] == {"id": "Policy:浙江省电子商务条例", "how": "name"}
    first = context["facts"][0]
    assert first["kind"] == "citation" and "《浙江省电子商务条例》" in first["text"]
    assert "浙江省电子商务条例" in first["citation"]["sourceText"]
    assert context["used"] <= 600


def test_graphql_context_refuses_an_empty_question(chat: TestClient) -> None:
    body = chat.post("/graphql", json={"query": '{ context(question: "") { used } }'}).json()

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "the question is empty" in body["errors"][0]["message"]


@pytest.mark.parametrize(("question", "months"), [
    ("外卖在线1-3月要完成什么?", (1, 3)),
    ("高水平县级医院建设10—12月的安排是什么?", (10, 12)),
    ("普惠托育6月底前要完成多少新增托位?", (1, 6)),
    ("二季度有哪些进度安排?", (4, 6)),
    ("2022年奉化人均生产总值的目标是多少?", None),
])
def test_months_read_from_questions(question: str, months: tuple[int, int] | None) -> None:
    assert intents(question).months == months


def test_default_budget_is_documented() -> None:
    assert DEFAULT_BUDGET == 2000


def test_an_emptied_graph_gives_an_empty_context_then_the_sample_again(client: TestClient, empty_graph,
                                                                      request: pytest.FixtureRequest) -> None:
    # The lexicon follows the graph: built for the sample, dropped when the graph is emptied.
    body = client.get("/context", params={"q": "区发改局牵头哪些重点工作?"}).json()

    assert (body["entities"], body["facts"], body["text"], body["used"]) == ([], [], "", 0)

    request.getfixturevalue("sample_graph")
    body = client.get("/context", params={"q": "区发改局牵头哪些重点工作?"}).json()

    assert body["entities"][0]["name"] == "区发改局"
