"""What every posmatrix figure shares: palette, fonts, text handling and byte-stable saving.

Figures are built on :class:`matplotlib.figure.Figure` directly (no ``pyplot``, no
global state, no display). :func:`figure_bytes` saves with fixed SVG ids
(``svg.hashsalt``), no dates in SVG/PDF metadata and no software stamp in PNG, so the
same figure gives the same bytes run to run.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import matplotlib as mpl
import numpy as np
from matplotlib.colors import Colormap, LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..errors import UsageError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..analysis import Metric

__all__ = [
    "CAMP_COLOURS",
    "FALLBACK_FONTS",
    "FORMATS",
    "NEUTRAL",
    "OPPOSE",
    "SUPPORT",
    "FontWarning",
    "agreement_cmap",
    "camp_colour",
    "caption",
    "figure_bytes",
    "figure_format",
    "new_axes",
    "points",
    "rgb",
    "short",
    "short_voice",
    "style",
    "voice_camps",
]

# The workbook's diverging palette (posmatrix.briefing: ColorBrewer RdBu ends, lightened);
# a test checks they stay equal.
OPPOSE: Final = (214, 96, 77)
NEUTRAL: Final = (247, 247, 247)
SUPPORT: Final = (67, 147, 195)

# Okabe-Ito: distinguishable with every common colour-vision deficiency; camps past
# the eighth are grey.
CAMP_COLOURS: Final = (
    "#E69F00",
    "#0072B2",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
OTHER: Final = "#999999"
INK: Final = "#222222"
MUTED: Final = "#666666"

FORMATS: Final = ("svg", "png", "pdf")
"""File formats of :func:`figure_bytes` (the suffix of an output path)."""

DPI: Final = 150

_RC: Final[dict[str, Any]] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: same metrics everywhere
    "font.size": 9,
    "text.parse_math": False,  # a "$" in a name is a dollar sign, not TeX
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text: searchable, selectable, escaped
    "pdf.fonttype": 3,  # Type 3 subsets: five times faster to write than Type 42 here
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": "#999999",
    "axes.linewidth": 0.6,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "savefig.dpi": DPI,
}


_SAVE_RC: Final[dict[str, Any]] = {
    # Unhinted glyphs, as the SVG backend already measures text: FreeType's TrueType
    # hinting re-runs the font's programs whenever the size is set, which Agg does per
    # glyph; unhinted, PNG and PDF text take about half the time (docs/performance.md).
    "text.hinting": "no_hinting",
}
PNG_COMPRESS: Final = 3
"""zlib level of PNG figures: half the encoding time of the default 6, about 1 % larger."""


def rgb(c: tuple[int, int, int]) -> tuple[float, float, float]:
    """An 8-bit RGB triple as matplotlib's 0..1 floats."""
    return (c[0] / 255, c[1] / 255, c[2] / 255)


def agreement_cmap(reverse: bool = False) -> Colormap:
    """Red (disagree) – near-white – blue (agree), the workbook's colour scale."""
    stops = [rgb(OPPOSE), rgb(NEUTRAL), rgb(SUPPORT)]
    if reverse:
        stops.reverse()
    cmap = LinearSegmentedColormap.from_list("posmatrix_agreement", stops)
    return cmap.with_extremes(bad="#D9D9D9")


def camp_colour(camp: int) -> str:
    """Colour of camp 1, 2, …"""
    return CAMP_COLOURS[camp - 1] if 1 <= camp <= len(CAMP_COLOURS) else OTHER


def short(text: str, width: int = 40, lines: int = 1) -> str:
    """``text`` wrapped to at most ``lines`` lines of ``width`` characters, with … if cut."""
    text = " ".join(str(text).split())
    wrapped = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        wrapped[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return "\n".join(wrapped)


def short_voice(label: str, width: int = 34) -> str:
    """A voice label cut to ``width`` characters keeping both its source and its actor
    (``newspaper-00-lo…/national-go…``), so a source's own voice and the voices it
    reports stay told apart."""
    label = " ".join(str(label).split())
    if len(label) <= width:
        return label
    src, sep, actor = label.partition("/")
    if not sep:
        return label[: width - 1] + "…"
    room = width - 1  # the slash
    a = min(len(actor), max(room * 2 // 5, room - len(src)))
    s = room - a
    cut_src = src if len(src) <= s else src[: s - 1] + "…"
    cut_actor = actor if len(actor) <= a else actor[: a - 1] + "…"
    return f"{cut_src}/{cut_actor}"


@contextmanager
def style() -> Iterator[None]:
    """The rc settings every figure is drawn and saved under."""
    with mpl.rc_context(cast(Any, _RC)):
        yield


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """``ax`` and its figure, or a new figure of ``size`` inches with one axes."""
    if ax is not None:
        fig = ax.get_figure()
        if not isinstance(fig, Figure):
            raise UsageError("ax must belong to a matplotlib Figure")
        return fig, ax
    fig = Figure(figsize=size, dpi=DPI)
    return fig, fig.add_subplot()


def figure_format(path: str | Path) -> str:
    """The format of an output path, from its suffix (``.svg``, ``.png`` or ``.pdf``)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot tell the figure format of {str(path)!r}: the file name must end in "
            f"{', '.join('.' + f for f in FORMATS)}"
        )
    return suffix


def figure_bytes(fig: Figure, fmt: str = "svg", *, name: str = "figure") -> bytes:
    """The figure as bytes, identical run to run for the same figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fmt : {"svg", "png", "pdf"}
    name : str
        Salt for SVG element ids and the SVG root id (``posmatrix-<name>``), so two
        figures inlined in one HTML page never share an id.
    """
    if fmt not in FORMATS:
        raise UsageError(f"figure format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    metadata: dict[str, Any] = {  # type: ignore[assignment]
        "svg": {"Date": None, "Creator": "posmatrix"},
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "posmatrix", "Producer": None},
    }[fmt]
    _fall_back(fig)
    buffer = io.BytesIO()
    rc = {**_RC, "svg.hashsalt": f"posmatrix-{name}", "svg.id": f"posmatrix-{name}", **_SAVE_RC}
    with mpl.rc_context(cast(Any, rc)), warnings.catch_warnings():
        # said once by _fall_back, not once per glyph
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        if fmt == "png":
            return _png(fig)
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=DPI)
    return buffer.getvalue()


def _png(fig: Figure) -> bytes:
    """The figure as PNG: drawn by Agg as matplotlib's PNG writer draws it, and stored
    as RGB when every pixel is opaque (a posmatrix figure's white background): the
    same pixels, a quarter less data to filter and deflate than RGBA. No text chunks
    (no software stamp, no date); the resolution in ``pHYs``."""
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=DPI)
    w, h = int(fig.get_figwidth() * DPI), int(fig.get_figheight() * DPI)
    if raw.getbuffer().nbytes != w * h * 4:  # not the size Agg drew: let matplotlib write it
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None}, dpi=DPI)
        return out.getvalue()
    pixels = np.frombuffer(raw.getbuffer(), dtype=np.uint8)
    image = Image.frombuffer("RGBA", (w, h), pixels, "raw", "RGBA", 0, 1)
    if image.getchannel("A").getextrema() == (255, 255):  # opaque: PIL drops alpha in C,
        image = image.convert("RGB")  # five times faster than a strided numpy copy
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI), compress_level=PNG_COMPRESS)
    return out.getvalue()


FALLBACK_FONTS: Final = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Noto Sans CJK HK",
)
"""Fonts tried, in this order, for characters DejaVu Sans lacks (Chinese, Japanese,
Korean), when installed (Debian and Ubuntu: ``apt install fonts-noto-cjk``)."""


class FontWarning(UserWarning):
    """Some text of a figure has characters no available font can draw."""

    plain_in_cli = True  # the CLI prints "posmatrix plot: warning: …" (runguard)


@cache
def _charmap(family: str) -> frozenset[int]:
    from matplotlib import font_manager

    path = font_manager.findfont(family, fallback_to_default=False)
    return frozenset(font_manager.get_font(path).get_charmap())


@cache
def _fallbacks() -> tuple[str, ...]:
    """The :data:`FALLBACK_FONTS` matplotlib can use; once per process, looking for the
    font files themselves when matplotlib's font cache predates their installation."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if not known.intersection(FALLBACK_FONTS):
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # unreadable: not ours to fix
                    continue
        known = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in FALLBACK_FONTS if f in known)


def _fall_back(fig: Figure) -> None:
    """Give the figure's texts the fallback fonts when DejaVu Sans lacks some of their
    characters, and warn once (:class:`FontWarning`) about characters no font has.
    Figures in scripts DejaVu covers are left as they are (same bytes)."""
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text()]
    chars = {ord(ch) for ch in set("".join(t.get_text() for t in texts)) if not ch.isspace()}
    missing = chars - _charmap(_RC["font.family"])
    if not missing:
        return
    families = [_RC["font.family"], *_fallbacks()]
    for fam in families[1:]:
        missing -= _charmap(fam)
    if len(families) > 1:
        for t in texts:
            t.set_fontfamily(families)
    if missing:
        sample = ", ".join(repr(chr(c)) for c in sorted(missing)[:5])
        warnings.warn(
            f"{len(missing)} characters of this figure ({sample}) are in no available font "
            f"({', '.join(families)}): they are drawn as empty boxes. Install a font that "
            "has them (Chinese, Japanese, Korean: Noto Sans CJK, e.g. apt install "
            "fonts-noto-cjk); posmatrix uses it when installed",
            FontWarning,
            stacklevel=3,
        )


def voice_camps(
    data: Any, labels: Sequence[str], *, metric: Metric, holder: Any, k: int | None
) -> dict[str, int]:
    """Camp number of each voice (:func:`posmatrix.camps`; 0 = set aside); ``k``
    defaults to the number :func:`posmatrix.camps` chooses by silhouette, as in the
    briefings, so a figure and a briefing of one dataset show the same camps."""
    from ..analysis import camps

    n = len(labels)
    if n == 0:
        return {}
    if k is not None:
        k = max(1, min(int(k), n))
    assignment = camps(data, k, metric=metric, holder=holder).assignment["camp"]
    return {str(v): int(c) for v, c in assignment.items()}


def camp_handles(camp: Mapping[str, int], *, size: float = 7, unit: str = " voices") -> list[Any]:
    """Legend entries for the camps of ``camp`` (voice → camp), in camp order, each with
    how many voices it holds (``camp 1 (12 voices)``; ``unit=""`` gives ``camp 1 (12)``);
    camp 0 holds the voices :func:`posmatrix.camps` set aside (``set aside (3 voices)``)."""
    counts: dict[int, int] = {}
    for c in camp.values():
        counts[c] = counts.get(c, 0) + 1
    return [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            color=camp_colour(c),
            markersize=size,
            label=f"camp {c} ({counts[c]:,}{unit})" if c else f"set aside ({counts[c]:,}{unit})",
        )
        for c in sorted(counts, key=lambda c: (c == 0, c))
    ]


def voice_kind_handles(*, size: float = 7, actor_label: str = "reported for an actor") -> list[Any]:
    """Legend entries telling a source's own stance (circle) from a reported one (triangle)."""
    return [
        Line2D([], [], ls="", marker=marker, color="#888888", markersize=size, label=label)
        for marker, label in (("o", "a source's own stance"), ("^", actor_label))
    ]


def caption(fig: Figure, text: str, *, width: int = 110) -> None:
    """A wrapped caption under the figure (left aligned, small, grey)."""
    fig.text(
        0.01,
        0.01,
        textwrap.fill(text, width),
        ha="left",
        va="bottom",
        fontsize=7.5,
        color=MUTED,
        wrap=False,
    )


def points(
    ax: Axes,
    x: Any,
    y: Any,
    *,
    s: Any,
    c: Any,
    marker: str = "o",
    edgecolors: str = "face",
    linewidths: float | None = None,
    alpha: float | None = None,
    zorder: float = 1,
    label: str = "",
) -> Any:
    """What ``ax.scatter`` draws for filled markers of given colours — the same
    :class:`~matplotlib.collections.PathCollection`, the same bytes — without scatter's
    argument parsing and without updating the data limits (every figure sets its limits
    itself), which took most of the time of the figures with a scatter per issue."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba_array
    from matplotlib.markers import MarkerStyle
    from matplotlib.transforms import IdentityTransform

    style_ = MarkerStyle(marker)
    path = style_.get_path().transformed(style_.get_transform())
    xs = np.ravel(np.asarray(x, dtype=np.float64))
    ys = np.ravel(np.asarray(y, dtype=np.float64))
    coll = PathCollection(
        (path,),
        np.ravel(np.asarray(s, dtype=np.float64)),
        facecolors=to_rgba_array(c),
        edgecolors=edgecolors,
        linewidths=linewidths,
        offsets=np.column_stack([xs, ys]),
        offset_transform=ax.transData,
        alpha=alpha,
    )
    coll.set_transform(IdentityTransform())
    coll.set_zorder(zorder)
    coll.set_label(label)
    ax.add_collection(coll, autolim=False)
    return coll
