"""Traditional script read as simplified for matching (OpenCC's ``t2s``), the text kept as written.

A page rendered in traditional characters (the 咸阳 excerpt: 牽頭, 按職責分工負責, 鹹陽市) is matched
through its simplified form, while every name, text and provenance keeps the characters as written.
``t2s`` converts character by character on the genre's text, so a position in the converted text is a
position in the text as written; where a phrase conversion would change the length, the text is
converted one character at a time instead, which keeps that promise. Simplified text is unchanged
(``t2s`` changes no character of the sample nor of the genre's simplified documents), so every text
goes through it. ``tw2sp`` (Taiwan phrases: 最佳化 -> 优化) is not used: it changes lengths and rewrites
words that are right as written (建立 -> 创建); see tests/data/genre/DIVISIONS.md.
"""

from __future__ import annotations

from functools import cache, lru_cache

import opencc


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length (牽頭單位 -> 牵头单位)."""
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for c in text:
        one: str = _converter().convert(c)
        out.append(one if len(one) == 1 else c)
    return "".join(out)


def is_traditional(text: str) -> bool:
    """Whether ``text`` holds characters that t2s changes."""
    return simplified(text) != text
