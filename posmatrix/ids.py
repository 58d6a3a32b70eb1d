"""Look-alike ids: Unicode normalisation, invisible characters, mixed-script confusables.

``russia``, ``russia`` + COMBINING GRAPHEME JOINER, ``russi`` + CYRILLIC SMALL LETTER A
and ``russia`` + HANGUL FILLER print the same; NFC and NFD ``café`` are different
strings. So ids are read in Unicode normalisation form C (:func:`nfc`); an id may not
hold a default-ignorable or invisible character (:func:`invisible_char`, checked by
:func:`posmatrix.model.is_valid_id`); an id that mixes scripts so that it looks like
another (a Cyrillic ``а`` among Latin letters) gets an :class:`IdWarning`
(:func:`confusable_warnings`, after Unicode TR 39's skeletons, for the Cyrillic and
Greek letters that look Latin); and :func:`shown` gives the escaped form of two ids
that differ only invisibly, for messages that must be acted on.

>>> nfc("cafe\\u0301") == "caf\\u00e9"
True
>>> invisible_char("russia\\u034f")
'U+034F (COMBINING GRAPHEME JOINER)'
>>> skeleton("russi\\u0430") == skeleton("russia")
True
>>> shown("russi\\u0430", "russia")
("'russi\\\\u0430'", "'russia'")
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = [
    "IdWarning",
    "confusable_warnings",
    "invisible_char",
    "look_alike",
    "nfc",
    "scripts",
    "shown",
    "skeleton",
    "warn_confusables",
]


class IdWarning(UserWarning):
    """An id that can be mistaken for another (mixed scripts, a look-alike of another id)."""


# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) and the blank fillers that
# render as nothing: none may be in an id.
_INVISIBLE: Final = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Cyrillic and Greek letters whose glyph is a Latin letter's (Unicode confusables.txt).
_CONFUSABLE: Final = str.maketrans(
    {
        **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),
        **dict(zip("АВЕКМНОРСТХІЈЅԌ", "ABEKMHOPCTXIJSG", strict=True)),
        **dict(zip("οαικνρτυχ", "oaikvptux", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    }
)


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C (composed)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def invisible_char(text: str) -> str | None:
    """``U+XXXX (NAME)`` of the first default-ignorable or invisible character, or None."""
    if text.isascii():
        return None
    for ch in text:
        code = ord(ch)
        if any(lo <= code <= hi for lo, hi in _INVISIBLE):
            return f"U+{code:04X} ({unicodedata.name(ch, 'unnamed')})"
    return None


def skeleton(text: str) -> str:
    """What ``text`` looks like: NFKC, look-alike letters made Latin (case is kept: ``I1``
    and ``i1`` look different)."""
    return unicodedata.normalize("NFKC", text).translate(_CONFUSABLE)


def look_alike(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ but look the same."""
    return a != b and skeleton(a) == skeleton(b)


def shown(a: str, b: str) -> tuple[str, str]:
    """``repr`` of both, or their escaped (ASCII) form when they look alike."""
    if look_alike(a, b):
        return ascii(a), ascii(b)
    return repr(a), repr(b)


def scripts(text: str) -> frozenset[str]:
    """The scripts of the letters of ``text`` (first word of each letter's Unicode name)."""
    if text.isascii():
        return frozenset({"LATIN"} if any(c.isalpha() for c in text) else ())
    return frozenset(unicodedata.name(ch, "UNKNOWN").split(" ")[0] for ch in text if ch.isalpha())


def confusable_warnings(ids: Iterable[tuple[str, str]]) -> list[str]:
    """Warnings for ``(kind, id)`` pairs: an id mixing Latin with Cyrillic or Greek
    letters, and two ids of one kind that look alike.

    >>> found = confusable_warnings([("actor", "russia"), ("actor", "russi\\u0430")])
    >>> print(*(w.split(";")[0] for w in found), sep="\\n")
    actor id 'russi\\u0430' mixes scripts (CYRILLIC, LATIN), so it looks like an id in one script
    actor ids 'russia' and 'russi\\u0430' look alike but are different ids
    """
    pairs = list(ids)
    if "".join(ident for _, ident in pairs).isascii():
        return []  # ASCII is its own skeleton, in one script: nothing can look alike
    out: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for kind, ident in pairs:
        mixed = scripts(ident)
        if len(mixed) > 1 and "LATIN" in mixed and mixed & {"CYRILLIC", "GREEK"}:
            out.append(
                f"{kind} id {ident!a} mixes scripts ({', '.join(sorted(mixed))}), so it "
                "looks like an id in one script; write it in one script"
            )
        key = (kind, skeleton(ident))
        other = seen.get(key)
        if other is not None and other != ident:
            out.append(
                f"{kind} ids {other!a} and {ident!a} look alike but are different "
                "ids; rename one, or write both the same way"
            )
        else:
            seen.setdefault(key, ident)
    return out


def warn_confusables(issues: Iterable[str], actors: Iterable[str], sources: Iterable[str]) -> None:
    """An :class:`IdWarning` for each id that can be mistaken for another."""
    found = confusable_warnings(
        [
            *(("issue", i) for i in issues),
            *(("actor", i) for i in actors),
            *(("source", i) for i in sources),
        ]
    )
    if found:
        import warnings

        for message in found:
            warnings.warn(message, IdWarning, stacklevel=3)
