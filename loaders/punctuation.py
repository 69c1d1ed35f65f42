"""Punctuation that plans write in either width: ASCII ``(`` or full-width ``（``.

Each constant holds the ASCII character and then its full-width twin. Use it
inside a regular-expression character class (``rf"[{OPEN}]"``; none of the
characters needs escaping there) or as the characters of ``str.strip`` and the
like; outside a class, ``(`` and ``.`` are special, so escape with ``re.escape``.
Marks without such a pair here (。、《》〔〕) are written where they are used.
"""

from __future__ import annotations

__all__ = ["BRACKETS", "CLOSE", "COLON", "COMMA", "DOT", "OPEN", "SEMICOLON"]

OPEN = "(\uff08"
"""Opening parenthesis: ( and （."""

CLOSE = ")\uff09"
"""Closing parenthesis: ) and ）."""

BRACKETS = OPEN + CLOSE
"""Both parentheses in both widths, for ``[^...]`` and ``strip``."""

COLON = ":\uff1a"
"""Colon: : and ：."""

COMMA = ",\uff0c"
"""Comma: , and ，."""

SEMICOLON = ";\uff1b"
"""Semicolon: ; and ；."""

DOT = ".\uff0e"
"""Dot after a list number (``1.``): . and ．; not the ideographic full stop 。."""
