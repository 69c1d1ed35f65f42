"""Writes the synchronous connection of ``graph/driver.py`` from its asynchronous one.

The connection logic is written once, as :class:`~graph.driver.AsyncDatabase` and
:func:`~graph.driver.connect_async`; the section between the two markers below them is
that code with ``await`` and ``async`` removed and the driver's asyncio names replaced by
their synchronous twins (``AsyncSession`` -> ``Session``...). ``python -m graph.unasync``
rewrites the section; ``--check`` only compares and exits with status 1 when it is stale
(``tests/graph/test_driver.py`` runs the check).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["DRIVER", "generated", "main", "unasync"]

DRIVER = Path(__file__).resolve().parent / "driver.py"

SOURCE = "# --- asynchronous (the API); the source of the synchronous section "
START = "# --- synchronous: generated from the section above by `python -m graph.unasync`; do not edit ---\n"
END = "# --- end of the generated section ---\n"

#: Whole words of the asynchronous code and what they become.
NAMES = {
    "AsyncDatabase": "Database",
    "AsyncGraphDatabase": "GraphDatabase",
    "AsyncDriver": "Driver",
    "AsyncSession": "Session",
    "AsyncManagedTransaction": "ManagedTransaction",
    "connect_async": "connect",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
}
_NAMES = re.compile(r"\b(" + "|".join(map(re.escape, NAMES)) + r")\b")
_KEYWORDS = re.compile(r"\basync (def|with|for)\b")
_AWAIT = re.compile(r"\bawait ")
_AWAITABLE = re.compile(r"\bAwaitable\[(\w+)\]")


def unasync(code: str) -> str:
    """``code`` without asyncio: the same logic over the synchronous driver."""
    code = _KEYWORDS.sub(r"\1", code)
    code = _AWAIT.sub("", code)
    code = _AWAITABLE.sub(r"\1", code)
    return _NAMES.sub(lambda m: NAMES[m.group(1)], code)


def _parts(text: str) -> tuple[str, str, str]:
    """(everything up to the generated section, the asynchronous source, everything after)."""
    source_at = text.index(SOURCE)
    start_at = text.index(START)
    end_at = text.index(END)
    body = text[text.index("\n", source_at) + 1:start_at]
    return text[:start_at + len(START)], body, text[end_at:]


def generated(text: str) -> str:
    """``driver.py``'s text with its synchronous section generated afresh."""
    before, body, after = _parts(text)
    return before + "\n\n" + unasync(body.strip("\n")) + "\n\n\n" + after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.unasync", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit status 1 when stale")
    args = parser.parse_args(argv)
    text = DRIVER.read_text(encoding="utf-8")
    fresh = generated(text)
    if args.check:
        if fresh != text:
            print(f"{DRIVER}: the synchronous section is stale; run python -m graph.unasync", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        DRIVER.write_text(fresh, encoding="utf-8")
        print(f"rewrote the synchronous section of {DRIVER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
