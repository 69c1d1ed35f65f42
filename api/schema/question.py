"""The ``context`` root field: the facts a model needs to answer a question, with citations
(the same as ``GET /context``; see ``api/chat/grounding.py``). ``Query`` inherits the field
from :class:`ContextQuery`."""

from __future__ import annotations

import strawberry

from api.chat.grounding import DEFAULT_BUDGET, MAX_BUDGET, MIN_BUDGET, ContextResult, build_context
from api.chat.lexicon import LEXICONS
from api.context import Context
from api.schema.types.common import Provenance

__all__ = ["ContextQuery", "QuestionContext"]

Info = strawberry.Info[Context, None]


@strawberry.type(description="A node the question names. 问题中提到的实体.")
class ContextEntity:
    id: strawberry.ID = strawberry.field(description="Global id of the node. 节点编号.")
    type: str = strawberry.field(description="Its type: Department, Task, Policy... 类型.")
    name: str = strawberry.field(description="Its name. 名称.")
    matched: str = strawberry.field(description="The words of the question that named it. 问题中的用词.")
    how: str = strawberry.field(description="name, alias or search: how it was found. 识别方式.")


@strawberry.type(description="One fact of the context, with its citation. 带出处的事实.")
class ContextFact:
    n: int = strawberry.field(description="Its number in the text, 1 first. 序号.")
    kind: str = strawberry.field(description="responsibility, citation, indicator, milestone, cell, mention, area, "
                                 "measure or document. 事实类型.")
    text: str = strawberry.field(description="The fact as one sentence. 事实.")
    score: float = strawberry.field(description="Relevance to the question, higher first. 相关度.")
    subject: strawberry.ID = strawberry.field(description="Id of the node it is about. 所述节点.")
    related: list[strawberry.ID] = strawberry.field(description="Ids of the other nodes it names. 相关节点.")
    citation: Provenance = strawberry.field(description="Where it was read. 出处.")


@strawberry.type(description="The facts for a question within a budget. 问题的上下文.")
class QuestionContext:
    question: str = strawberry.field(description="The question as read. 问题.")
    budget: int = strawberry.field(description="The size limit, in characters of text. 字数上限.")
    used: int = strawberry.field(description="Characters of text. 实际字数.")
    candidates: int = strawberry.field(description="Facts found before the budget was applied. 候选事实数.")
    entities: list[ContextEntity] = strawberry.field(description="The nodes the question names. 识别出的实体.")
    facts: list[ContextFact] = strawberry.field(description="The facts kept, best first. 事实.")
    text: str = strawberry.field(description="The facts as numbered sentences with citations. 编号的事实文本.")

    @classmethod
    def from_model(cls, result: ContextResult) -> QuestionContext:
        return cls(
            question=result.question, budget=result.budget, used=result.used, candidates=result.candidates,
            entities=[ContextEntity(id=strawberry.ID(e.id), type=e.type, name=e.name, matched=e.matched, how=e.how)
                      for e in result.entities],
            facts=[ContextFact(n=f.n, kind=f.kind, text=f.text, score=f.score, subject=strawberry.ID(f.subject),
                               related=[strawberry.ID(r) for r in f.related],
                               citation=Provenance(**f.citation.model_dump()))
                   for f in result.facts],
            text=result.text,
        )


@strawberry.type(description="The chatbot feed's root field. 问答上下文入口.")
class ContextQuery:
    @strawberry.field(description="The facts needed to answer a question in Chinese, ranked, with citations, within "
                      f"`budget` characters ({MIN_BUDGET} to {MAX_BUDGET}). 回答问题所需的事实及出处.")
    async def context(self, info: Info, question: str, budget: int = DEFAULT_BUDGET) -> QuestionContext:
        graph = info.context.graph
        return QuestionContext.from_model(await build_context(graph, await LEXICONS.get(graph), question, budget))
