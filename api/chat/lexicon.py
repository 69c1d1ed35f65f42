"""Linking a question to the graph's entities by the names the graph itself uses.

The lexicon is read from the graph (``graph.read.lexicon``): department names, full names and
aliases, policy titles as written, place, area, item and indicator names, document titles.
Those names become a jieba user dictionary, so that ``区卫生健康局牵头哪些事项`` segments into
``区卫生健康局 / 牵头 / 哪些 / 事项`` and the first word is an alias of 区卫健局.

A question is linked in two passes, both exact: the jieba words that are a name, then every
name of three or more characters written in the question (names with brackets or quotes,
such as ``“人人慈善标杆区”建设``, never come out of jieba whole). A match inside a longer
match is dropped (``溪口镇`` inside ``溪口镇小城市培育``). Full-text search, for what stays
unlinked, is the context builder's business (``api/chat/grounding.py``).

The lexicon is rebuilt when the graph's documents change (their ids and model hashes).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import anyio.to_thread

import graph.read as reads
from graph.driver import AsyncDatabase
from graph.read import LexiconEntry, LexiconPlaces
from graph.registry import Label
from loaders.extract.policies import normalize_title

__all__ = ["LEXICONS", "Lexicon", "LexiconCache", "Link"]

log = logging.getLogger(__name__)

#: Shortest name linked when found inside the question rather than as a jieba word.
MIN_SCAN_LENGTH = 3
#: Indicator names are often generic (投资, 总投资); shorter ones are not linked at all.
MIN_INDICATOR_LENGTH = 4
#: Frequency given to the graph's names in jieba, high enough to beat its own dictionary.
USER_WORD_FREQ = 200_000

_lock = threading.Lock()


class _Tokenizer(Protocol):
    """What the lexicon uses of ``jieba.Tokenizer`` (jieba ships no type information)."""

    def lcut(self, sentence: str) -> list[str]: ...
    def add_word(self, word: str, freq: int | None = None) -> None: ...
    def del_word(self, word: str) -> None: ...


_tokenizer: _Tokenizer | None = None  # jieba.Tokenizer, created on first use (loading its dictionary takes ~1 s)
_user_words: set[str] = set()
_owner: object | None = None  # the lexicon whose names are jieba's user words


def _jieba() -> _Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        import jieba  # type: ignore[import-untyped]  # jieba ships neither stubs nor py.typed

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        _tokenizer = tokenizer
    return _tokenizer


def _install(words: set[str], owner: object) -> None:
    """Make ``words`` jieba's user dictionary (added and removed in place); call under ``_lock``."""
    global _owner
    _owner = owner
    tokenizer = _jieba()
    for word in _user_words - words:
        tokenizer.del_word(word)
    for word in words - _user_words:
        tokenizer.add_word(word, freq=USER_WORD_FREQ)
    _user_words.clear()
    _user_words.update(words)


def _segment(text: str) -> list[str]:
    return [w for w in _jieba().lcut(text) if w.strip()]


@dataclass(frozen=True)
class Link:
    """A node the question names: which node, by which words, and how it was found."""

    id: str
    label: Label
    name: str
    matched: str  # the words of the question
    how: str  # "name" (its own name or title), "alias" (another name), "search" (full text)
    start: int = -1
    end: int = -1
    weight: float = 1.0


def _variants(term: str, label: Label) -> set[str]:
    found = {term}
    if label is Label.POLICY:
        found.add(normalize_title(term))
    return {t for t in found if len(t) >= 2}


@dataclass
class Lexicon:
    """The graph's names, by the words a question may use."""

    version: list[str]
    entries: dict[str, LexiconEntry] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)  # word -> entry ids
    words: set[str] = field(default_factory=set)  # the names jieba can yield whole
    #: Where and when the plans are, which a question names without asking about it: the
    #: jurisdictions' names and stems (奉化区, 奉化, 宁波市, 宁波) and the documents' years (2022, 2022年).
    places: frozenset[str] = frozenset()
    #: The jurisdictions' parents as the level of government a cited policy is at (宁波市 -> 市).
    levels: dict[str, str] = field(default_factory=dict)

    def segment(self, text: str) -> list[str]:
        """The jieba words of ``text`` (precise mode, this lexicon's names as user words)."""
        with _lock:
            if _owner is not self:  # another lexicon (another graph) was used last
                _install(self.words, self)
            return _segment(text)

    @classmethod
    def build(cls, version: list[str], entries: Iterable[LexiconEntry],
              places: LexiconPlaces | None = None) -> Lexicon:
        lexicon = cls(version)
        if places is not None:
            lexicon.places, lexicon.levels = _place_words(places)
        for entry in entries:
            lexicon.entries[entry.id] = entry
            for term in entry.terms:
                if entry.label is Label.INDICATOR and len(term) < MIN_INDICATOR_LENGTH:
                    continue
                for variant in _variants(term, entry.label):
                    ids = lexicon.terms.setdefault(variant, [])
                    if entry.id not in ids:
                        ids.append(entry.id)
        lexicon.words = {t for t in lexicon.terms if _is_jieba_word(t)}
        with _lock:
            _install(lexicon.words, lexicon)
        log.info("lexicon: %d names of %d nodes", len(lexicon.terms), len(lexicon.entries))
        return lexicon

    def link(self, question: str) -> tuple[list[Link], list[str]]:
        """The nodes ``question`` names, longest matches first, and its jieba words."""
        words = self.segment(question)
        spans: dict[tuple[int, int], str] = {}
        position = 0
        for word in words:  # pass 1: jieba words that are names
            start = question.find(word, position)
            if start < 0:
                continue
            position = start + len(word)
            if word in self.terms:
                spans[(start, position)] = word
        for term in self.terms:  # pass 2: longer names written anywhere in the question
            if len(term) < MIN_SCAN_LENGTH:
                continue
            start = question.find(term)
            while start >= 0:
                spans.setdefault((start, start + len(term)), term)
                start = question.find(term, start + 1)
        for title in re.findall(r"《([^《》]+)》", question):  # a title in 《》, however written
            key = normalize_title(title)
            if key in self.terms:
                start = question.find(title)
                spans.setdefault((start, start + len(title)), key)
        kept = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
        links: list[Link] = []
        for start, end in sorted(kept, key=lambda s: (s[0] - s[1], s[0])):
            term = spans[(start, end)]
            for entry_id in self.terms[term]:
                entry = self.entries[entry_id]
                how = "name" if term in (entry.name, normalize_title(entry.name)) else "alias"
                links.append(Link(entry.id, entry.label, entry.name, question[start:end], how, start, end))
        return links, words


def _stem(name: str) -> str:
    """A jurisdiction's name without its kind (奉化区 -> 奉化, 宁波市 -> 宁波), when two characters remain."""
    return name[:-1] if len(name) > 2 and name[-1] in "省市区县" else name


def _place_words(places: LexiconPlaces) -> tuple[frozenset[str], dict[str, str]]:
    words: set[str] = set()
    levels: dict[str, str] = {}
    for name, short_name, parent in places.jurisdictions:
        words.add(name)
        if short_name:
            words |= {short_name, _stem(short_name)}
        if parent:
            words |= {parent, _stem(parent)}
            if parent[-1] in "省市":
                levels[parent] = parent[-1]
    for year in places.years:
        words |= {str(year), f"{year}年"}
    return frozenset(words), levels


def _is_jieba_word(term: str) -> bool:
    # jieba's precise mode only ever yields runs of Han characters, letters and digits.
    return bool(re.fullmatch(r"[\u4e00-\u9fa5A-Za-z0-9+#&._%\-]+", term))


class LexiconCache:
    """The lexicon of the graph a connection reaches, rebuilt when its documents change.

    Each use costs one small read (the documents' ids and model hashes); the rebuild reads
    every name once and runs jieba's set-up off the event loop."""

    def __init__(self) -> None:
        self._lexicon: Lexicon | None = None
        self._lock = asyncio.Lock()

    async def get(self, conn: AsyncDatabase) -> Lexicon:
        version = await reads.lexicon_version().run_async(conn)
        current = self._lexicon
        if current is not None and current.version == version:
            return current
        async with self._lock:
            current = self._lexicon
            if current is None or current.version != version:
                version, entries = await reads.lexicon().run_async(conn)
                places = await reads.lexicon_places().run_async(conn)
                current = await anyio.to_thread.run_sync(Lexicon.build, version, entries, places)
                self._lexicon = current
        return current


#: The process's lexicons: one is enough, whatever the connection, since a lexicon is kept
#: only while the graph's documents are those it was read from.
LEXICONS = LexiconCache()
