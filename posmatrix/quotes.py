"""Check every coding's quote against the text of its source.

A quote is *found* when it occurs in the source's text file once both are
normalised (:func:`normalise`): runs of whitespace (non-breaking spaces and line
breaks included) count as one space, curly and straight quote marks are the same,
and so are the dashes ``-`` ``‐`` ``‑`` ``‒`` ``–`` ``—`` ``―`` and ``−``. Case
and every other character must match. An ellipsis in a quote (``…`` or ``...``)
marks an elision: the parts around it must occur in the text in that order.

For a quote that is not found, :func:`verify_quotes` reports the closest passage
of the text: it anchors on the quote's words that occur in the text, votes for
candidate start positions, and scores the best few windows with
:class:`difflib.SequenceMatcher`, so a file of a few hundred quotes is checked in
well under a second.

Text files are looked up relative to one folder; a ``file`` value that would
leave it (an absolute path, a ``..`` component, a symbolic link pointing outside)
is refused. A source without ``file`` cannot be checked: its quotes are counted
as *unchecked* and named in :attr:`QuoteReport.notes`, which is not an error (the
format makes ``file`` optional).

This module imports neither pandas nor openpyxl.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from .errors import LimitError, Location, Problem, UsageError
from .limits import read_bounded
from .model import Coding, Dataset, Source
from .textsafe import visible

__all__ = ["QuoteMiss", "QuoteReport", "normalise", "verify_quotes"]

MissKind = Literal["not-found", "unsafe-file", "missing-file", "unreadable-file"]

_QUOTES: Final = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
_QUOTE_TABLE: Final = str.maketrans(_QUOTES)
_WHITESPACE: Final = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype="<u4")
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_WORD = re.compile(r"\w+")
_CANDIDATES: Final = 8
"""How many anchored windows are scored with difflib per missing quote."""
_MARGIN: Final = 3
"""Words added on each side of a candidate window before trimming it to the match."""
_SHOW_MAX: Final = 300
"""Longest closest passage shown in a message, in characters."""
MAX_TEXT_BYTES: Final = 50_000_000
"""Largest text file read (bytes); a larger one is reported as unreadable."""
CLOSEST_MAX_CHARS: Final = 5_000_000
"""Longest text searched for a closest passage (characters, normalised): the word
index it needs costs some 60 bytes per word."""
_QUOTE_WORDS: Final = 200
"""Words of a quote used to search for its closest passage (the first ones)."""
_MAX_HITS: Final = 2_000
"""Words occurring more often in a text than this do not vote for candidate passages."""
_RATIO_CHARS: Final = 3_000
"""Characters of quote and passage compared for the reported similarity."""


def normalise(text: str) -> str:
    """``text`` with whitespace runs collapsed to one space, typographic quote marks
    made straight and every dash made ``-``; leading and trailing space removed.

    >>> normalise("Trump’s  “win”\\u00a0— now")
    'Trump\\'s "win" - now'
    """
    return _normalise_mapped(text)[0]


def _normalise_mapped(text: str) -> tuple[str, npt.NDArray[np.integer[Any]]]:
    """The normalised text and, for each of its characters, the offset in ``text``
    of the character it came from: vectorised, about 25 bytes per character at the
    peak, 4 kept (a per-character Python list took over 100)."""
    if not text:
        return "", np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    space = np.isin(codes, _WHITESPACE)
    solid = ~space
    # a run of whitespace becomes one space at its last character, when something
    # other than whitespace comes before and after it
    follows = np.zeros_like(solid)
    follows[:-1] = solid[1:]
    keep = solid | (space & follows & np.logical_or.accumulate(solid))
    del solid, follows
    where: npt.NDArray[np.integer[Any]] = np.flatnonzero(keep).astype(
        np.int32 if len(text) < 2**31 else np.int64
    )
    del keep
    out = codes[where]
    out[space[where]] = 32
    del codes, space
    norm: str = out.tobytes().decode("utf-32-le", "surrogatepass")
    del out
    return norm.translate(_QUOTE_TABLE), where


@attrs.frozen
class QuoteMiss:
    """One problem found while checking quotes.

    ``kind`` is ``not-found`` (the quote is not in the text), ``unsafe-file`` (the
    source's ``file`` would leave the texts folder), ``missing-file`` or
    ``unreadable-file``. For ``not-found``, ``closest`` is the closest passage of
    the text (as it stands in the file), ``closest_line`` its 1-based line and
    ``similarity`` its :meth:`difflib.SequenceMatcher.ratio` to the quote (0..1);
    all three are None when the text shares no word with the quote.
    """

    kind: MissKind
    where: Location | None
    message: str
    source: str
    coding: Coding | None = None
    closest: str | None = None
    closest_line: int | None = None
    similarity: float | None = None

    def problem(self, file: str = "<dataset>") -> Problem:
        """This miss as a :class:`~posmatrix.Problem` (``FILE:LINE:COL: message``)."""
        return Problem.at(self.where, self.message, file)


@attrs.frozen
class QuoteReport:
    """What :func:`verify_quotes` found.

    ``checked`` counts the quotes looked up in a text, ``found`` those found;
    ``unchecked`` counts the quotes of sources without ``file``, which ``notes``
    names (one line per such source). ``misses`` lists every problem in file order.
    ``ok`` is true when there is no miss (unchecked quotes do not count as misses).
    """

    misses: tuple[QuoteMiss, ...]
    checked: int
    found: int
    unchecked: int
    notes: tuple[str, ...]
    quoteless: int = 0
    """Codings without a quote (``evidence: optional``), skipped."""

    @property
    def ok(self) -> bool:
        return not self.misses

    def summary(self) -> str:
        """One line: how many quotes were checked and found."""
        line = f"{self.found} of {self.checked} quotes found"
        if self.unchecked:
            line += f"; {self.unchecked} not checked (source without 'file')"
        if self.quoteless:
            line += f"; {self.quoteless} coding(s) without a quote skipped"
        return line


@attrs.define
class _Text:
    raw: str
    norm: str
    where: npt.NDArray[np.integer[Any]]
    _words: list[tuple[str, int, int]] | None = None  # (word, start, end) in norm
    _index: dict[str, list[int]] | None = None  # word -> positions in words

    @classmethod
    def of(cls, raw: str) -> _Text:
        norm, where = _normalise_mapped(raw)
        return cls(raw, norm, where)

    @property
    def words(self) -> list[tuple[str, int, int]]:
        """The words, built on the first closest-passage search (most quotes are found)."""
        if self._words is None:
            self._words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.norm)]
        return self._words

    @property
    def index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for k, (w, _, _) in enumerate(self.words):
                index.setdefault(w.casefold(), []).append(k)
            self._index = index
        return self._index

    def contains(self, quote: str) -> bool:
        parts = [p for p in _ELLIPSIS.split(normalise(quote)) if p]
        if not parts:
            return False
        start = 0
        for part in parts:
            at = self.norm.find(part, start)
            if at < 0:
                return False
            start = at + len(part)
        return True

    def _span(self, qwords: list[str], lo: int, hi: int) -> tuple[float, int, int]:
        """How well ``words[lo..hi]``, trimmed to its matched part, matches ``qwords``
        (matched words, plus a tie-breaking fraction), with the span's first and last word."""
        window = [w.casefold() for w, _, _ in self.words[lo : hi + 1]]
        matcher = difflib.SequenceMatcher(None, qwords, window, autojunk=False)
        blocks = [m for m in matcher.get_matching_blocks() if m.size]
        if not blocks:
            return 0.0, lo, hi
        # drop a one-word match at either end that lies further from the rest in the
        # text than in the quote (a stray common word in the margin)
        if len(blocks) > 1 and blocks[0].size == 1:
            x, y = blocks[0], blocks[1]
            if (y.b - x.b) - (y.a - x.a) > 1:
                blocks = blocks[1:]
        if len(blocks) > 1 and blocks[-1].size == 1:
            x, y = blocks[-2], blocks[-1]
            if (y.b - x.b) - (y.a - x.a) > 1:
                blocks = blocks[:-1]
        head, tail = blocks[0], blocks[-1]
        # the matched span, widened by the quote's unmatched words before and after it
        first = max(0, lo + head.b - head.a)
        last = min(
            len(self.words) - 1, lo + tail.b + tail.size - 1 + len(qwords) - tail.a - tail.size
        )
        matched = sum(m.size for m in blocks)
        # more matched words first; among equals, the tighter span
        return matched + matched / (len(qwords) + last - first + 1), first, last

    def closest(self, quote: str) -> tuple[str, int, float] | None:
        """The passage of the text most like ``quote``: (raw passage, line, ratio).

        Candidate start words are voted for by the quote's words found in the text
        (rarer words weigh more); the best few windows are compared word by word, and
        only the winner is compared character by character for the reported ratio.
        """
        if len(self.norm) > CLOSEST_MAX_CHARS:
            return None  # bounded: the word index of a huge text is not built
        q = normalise(_ELLIPSIS.sub(" ", quote))
        qwords = [w.casefold() for w in _WORD.findall(q)][:_QUOTE_WORDS]
        if not qwords or not self.words:
            return None
        df = Counter(qwords)
        votes: dict[int, float] = {}
        rare = any(0 < len(self.index.get(w, ())) <= _MAX_HITS for w in df)
        for i, w in enumerate(qwords):
            hits = self.index.get(w, [])
            if rare and len(hits) > _MAX_HITS:
                continue  # too common to anchor (and a repetitive quote would be slow)
            weight = 1.0 / (len(hits) * df[w]) if hits else 0.0  # rare words anchor more
            for k in hits[:_MAX_HITS]:
                votes[k - i] = votes.get(k - i, 0.0) + weight
        if not votes:
            return None
        n = len(qwords)
        last = len(self.words) - 1
        best: tuple[float, int, int] | None = None
        for start in sorted(votes, key=lambda s: (-votes[s], s))[:_CANDIDATES]:
            lo = max(0, min(start - _MARGIN, last))
            hi = max(lo, min(last, start + n - 1 + _MARGIN))
            score, first, end = self._span(qwords, lo, hi)
            if best is None or (score, -first) > (best[0], -best[1]):
                best = (score, first, end)
        if best is None:
            return None
        _, first, end = best
        a, b = self.words[first][1], self.words[end][2]
        while a > 0 and self.norm[a - 1] in "\"'(":
            a -= 1
        while b < len(self.norm) and self.norm[b] in ".,;:!?\"')":
            b += 1
        ratio = difflib.SequenceMatcher(
            None, q[:_RATIO_CHARS], self.norm[a:b][:_RATIO_CHARS], autojunk=False
        ).ratio()
        raw_a, raw_b = int(self.where[a]), int(self.where[b - 1]) + 1
        line = self.raw.count("\n", 0, raw_a) + 1
        return self.raw[raw_a:raw_b], line, ratio


def _resolve(texts_dir: Path, file: str) -> tuple[Path | None, str]:
    """The path of ``file`` inside ``texts_dir``, or None and why it is refused."""
    if not file.strip():
        return None, "'file' is empty; give the text file's name inside the texts folder"
    pure = Path(file)
    if pure.is_absolute() or file.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", file):
        return None, (
            f"'file' must be a path relative to the texts folder, got the absolute path {file!r}"
        )
    if ".." in re.split(r"[\\/]", file):
        return None, f"'file' must stay inside the texts folder, got {file!r} (it contains '..')"
    root = texts_dir.resolve()
    path = (texts_dir / pure).resolve()
    if path != root and root not in path.parents:
        return None, (
            f"'file' must stay inside the texts folder, got {file!r}, "
            f"which resolves to {path} outside {root} (a symbolic link?)"
        )
    return path, ""


def _shorten(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    if len(text) > _SHOW_MAX:
        text = text[: _SHOW_MAX - 1] + "…"
    return text


def verify_quotes(ds: Dataset, texts_dir: str | os.PathLike[str]) -> QuoteReport:
    """Look up every coding's quote in its source's text file.

    Parameters
    ----------
    ds : Dataset
        The dataset; each source's ``file`` names its text inside ``texts_dir``.
    texts_dir : str or path
        The folder holding the text files (UTF-8).

    Returns
    -------
    QuoteReport
        ``misses`` holds one :class:`QuoteMiss` per quote not found (located at
        the coding's quote, ``Coding.quote_where``, else the coding), and one per
        source whose ``file`` is unsafe, missing or unreadable (located at the
        source); ``checked``/``found``/``unchecked`` count quotes.

    Raises
    ------
    UsageError
        When ``texts_dir`` is not a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from posmatrix.model import Coding, Dataset, Issue, Source
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("He said: “No NATO,\\n  ever.”", encoding="utf-8")
    >>> def ds(quote):
    ...     return Dataset(
    ...         title="t", issues={"i": Issue("i", "p")},
    ...         sources={"s": Source("s", "S", file="a.txt")},
    ...         codings=[Coding("s", "author", "i", 2, quote)])
    >>> verify_quotes(ds('"No NATO, ever."'), folder).summary()
    '1 of 1 quotes found'
    >>> miss = verify_quotes(ds("No NATO, never."), folder).misses[0]
    >>> miss.kind, miss.closest
    ('not-found', '“No NATO,\\n  ever.”')
    """
    root = Path(texts_dir)
    if not root.is_dir():
        raise UsageError(
            f"the texts folder {str(root)!r} does not exist or is not a folder; "
            "pass the folder holding the sources' text files with --texts"
        )
    texts: dict[str, _Text | None] = {}
    misses: list[QuoteMiss] = []
    notes: list[str] = []
    by_source: dict[str, list[Coding]] = {}
    quoteless = 0  # codings without a quote (evidence: optional): nothing to look up
    for c in ds.codings:
        if not c.quote:
            quoteless += 1
            continue
        by_source.setdefault(c.source, []).append(c)
    checked = found = unchecked = 0
    for source_id, codings in by_source.items():
        source = ds.sources.get(source_id)
        if source is None:
            continue  # an unknown source is a validation problem, reported by the loader
        if source.file is None:
            unchecked += len(codings)
            notes.append(
                f"{_at(source)}: note: source {source_id!r} has no 'file'; "
                f"its {len(codings)} quote(s) were not checked"
            )
            continue
        text = texts.get(source.file)
        if source.file not in texts:
            text = _load(root, source, misses)
            texts[source.file] = text
        elif text is None:
            misses.append(
                QuoteMiss(
                    "unreadable-file",
                    source.where,
                    f"source {source_id!r}: its quotes were not checked, "
                    f"see the problem with file {source.file!r} above",
                    source_id,
                )
            )
        if text is None:
            continue
        for c in codings:
            checked += 1
            if text.contains(c.quote):
                found += 1
                continue
            misses.append(_miss(c, source, text))
    misses.sort(key=lambda m: (m.where is None, _key(m.where)))
    return QuoteReport(tuple(misses), checked, found, unchecked, tuple(notes), quoteless)


def _key(where: Location | None) -> tuple[str, int, int]:
    return ("", 0, 0) if where is None else (where.file, where.line, where.column)


def _at(source: Source) -> str:
    return str(source.where) if source.where is not None else f"<source {source.id}>"


def _load(root: Path, source: Source, misses: list[QuoteMiss]) -> _Text | None:
    file = source.file or ""
    path, why = _resolve(root, file)
    if path is None:
        misses.append(
            QuoteMiss("unsafe-file", source.where, f"source {source.id!r}: {why}", source.id)
        )
        return None
    try:
        if not path.exists():
            raise FileNotFoundError(path)
        # regular files only (a FIFO would hang), at most MAX_TEXT_BYTES
        raw = read_bounded(str(path), MAX_TEXT_BYTES).decode("utf-8")
    except (UsageError, LimitError) as exc:
        misses.append(
            QuoteMiss(
                "unreadable-file",
                source.where,
                f"source {source.id!r}: cannot read text file {file!r}: {exc}",
                source.id,
            )
        )
        return None
    except FileNotFoundError:
        misses.append(
            QuoteMiss(
                "missing-file",
                source.where,
                f"source {source.id!r}: text file {file!r} not found in {root}; "
                "fix 'file' or pass the right folder with --texts",
                source.id,
            )
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        misses.append(
            QuoteMiss(
                "unreadable-file",
                source.where,
                f"source {source.id!r}: cannot read text file {file!r} as UTF-8: {exc}",
                source.id,
            )
        )
        return None
    return _Text.of(raw)


def _miss(c: Coding, source: Source, text: _Text) -> QuoteMiss:
    where = c.quote_where if c.quote_where is not None else c.where
    head = (
        f"quote of {c.holder!r} on issue {c.issue!r} not found in {source.file!r} "
        f"(source {source.id!r})"
    )
    near = text.closest(c.quote)
    if near is None:
        return QuoteMiss(
            "not-found", where, f"{head}; the text shares no word with it", source.id, c
        )
    passage, line, ratio = near
    shown = visible(_shorten(passage))  # a control character in the text is shown, not sent
    message = f'{head}; closest passage (line {line}, {ratio:.0%} similar): "{shown}"'
    return QuoteMiss("not-found", where, message, source.id, c, passage, line, ratio)
