"""Hostile and careless inputs shared by the tests and ``benchmarks/hostile.py``: Lucene's
query syntax, the words that would reveal internals in an error, and a fan-out document."""

from __future__ import annotations

#: Every character of Lucene's query syntax, its operator words, and texts that were 500s.
LUCENE = [*'+-!(){}[]^"~*?:\\/&|', "&&", "||", "AND", "OR", "NOT", "TO", "a AND", "AND a", "OR 1=1",
          "NOT 养老", "养老 AND", "[a TO b]", "title:x", "a~", "a^2", '"unclosed', "*", "?", "\\", "a\\",
          "养老 OR", "((((", "))))", "-", "+养老", "!", "/regex/", "  "]

#: Text that must never reach a client: connection addresses, index procedures, stack traces.
INTERNALS = ("bolt://", "neo4j://", "queryNodes", "ParseException", "Traceback", "lucene")


def fan_out(levels: int) -> str:
    """A short document whose fragments spread each other twice: 2**levels paths."""
    fragments = ["fragment F0 on Department { name leads(first: 1) { nodes { name } } }"]
    for i in range(1, levels + 1):
        fragments.append(f"fragment F{i} on Department {{ ...F{i - 1} leads(first: 1) {{ nodes {{ name }} }} "
                         f"supports(first: 1) {{ nodes {{ name }} }} ...F{i - 1} }}")
    return f"{{ departments(first: 1) {{ nodes {{ ...F{levels} }} }} }}\n" + "\n".join(fragments)
