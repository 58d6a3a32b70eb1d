"""posmatrix.plot._style: markers drawn as scatter draws them, and fonts for scripts
DejaVu Sans lacks (Chinese, Japanese, Korean)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure

from posmatrix.plot import _layout, _style
from posmatrix.plot._style import FontWarning, figure_bytes, points


def _figure() -> tuple[Figure, Any]:
    fig = Figure(figsize=(3, 2), dpi=_style.DPI)
    ax = fig.add_subplot()
    ax.set_xlim(-1, 3)
    ax.set_ylim(-1, 3)
    return fig, ax


@pytest.mark.parametrize(
    "kw",
    [
        {"s": 34.0, "c": ["#E69F00", "#0072B2", "#E69F00"], "marker": "o", "edgecolors": "white"},
        {"s": [20.0, 40.0, 60.0], "c": "#222222", "marker": "^", "edgecolors": "white"},
        {"s": 9.0, "c": "#333333", "marker": "o", "linewidths": 0, "alpha": 0.5},
    ],
)
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_points_draw_what_scatter_draws(kw: dict[str, Any], fmt: str) -> None:
    x, y = np.array([0.0, 1.0, 2.0]), np.array([2.0, 0.5, 1.0])
    extra = {"zorder": 3, "label": "pts"}
    fig1, ax1 = _figure()
    ax1.scatter(x, y, **kw, **extra)
    fig2, ax2 = _figure()
    coll = points(ax2, x, y, **kw, **extra)
    assert coll.get_label() == "pts"
    assert np.array_equal(coll.get_offsets(), np.column_stack([x, y]))
    assert figure_bytes(fig1, fmt) == figure_bytes(fig2, fmt)


def _text_figure(text: str) -> tuple[Figure, Any]:
    with _style.style():  # as every posmatrix figure is built
        fig = Figure(figsize=(3, 1))
        t = fig.text(0.05, 0.5, text)
    return fig, t


def test_latin_text_keeps_dejavu_only() -> None:
    fig, t = _text_figure("Who stands where — ±2 “quotes” é ß")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_bytes(fig, "png")
    assert t.get_fontfamily() == ["DejaVu Sans"]


def test_cjk_text_gets_the_installed_fallback_fonts() -> None:
    if not _style._fallbacks():
        pytest.skip("no Noto Sans CJK font installed")
    fig, t = _text_figure("人民日报 / 朝日新聞の社説")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither FontWarning nor matplotlib's glyph warnings
        svg = figure_bytes(fig, "svg").decode("utf-8")
    assert t.get_fontfamily() == ["DejaVu Sans", *_style._fallbacks()]
    assert "'DejaVu Sans', 'Noto Sans CJK" in svg  # the viewer's browser falls back too
    assert "人民日报" in svg


def test_missing_glyphs_warn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_style, "_fallbacks", lambda: ())  # as on a machine without them
    fig, t = _text_figure("人民日报")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure_bytes(fig, "png")
    assert [w.category for w in caught] == [FontWarning]  # not one per glyph
    message = str(caught[0].message)
    # 4 distinct characters, in code point order: 人 U+4EBA, 报 U+62A5, 日 U+65E5, 民 U+6C11
    assert message.startswith(
        "4 characters of this figure ('人', '报', '日', '民') are in no available font "
        "(DejaVu Sans)"
    )
    assert "fonts-noto-cjk" in message
    assert t.get_fontfamily() == ["DejaVu Sans"]


CJK = """\
format: posmatrix/1
title: 停火
issues:
  - {id: i1, proposition: P.}
sources:
  - id: 人民日报
    title: S
    stances:
      - {issue: i1, stance: 1, quote: Q}
  - id: 朝日新聞
    title: T
    stances:
      - {issue: i1, stance: -1, quote: R}
"""


def test_cli_says_it_once_as_a_warning(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from posmatrix.cli import main

    monkeypatch.setattr(_style, "_fallbacks", lambda: ())
    path = tmp_path / "cjk.yaml"
    path.write_text(CJK, encoding="utf-8")
    assert main(["plot", "map", str(path), "-o", str(tmp_path / "map.png")]) == 0
    err = capsys.readouterr().err
    # the title 停火 and the voices 人民日报, 朝日新聞: 停 火 人 民 日 报 朝 新 聞 = 9
    assert err.count("warning:") == 1
    assert "posmatrix plot: warning: 9 characters of this figure" in err


def _pixels(png: bytes) -> Any:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_png_is_rgb_with_matplotlibs_pixels_and_no_text_chunks() -> None:
    import io

    from PIL import Image

    fig, ax = _figure()
    ax.plot([0, 2], [0, 2], color="#0072B2")
    ax.set_title("a title")
    ours = figure_bytes(fig, "png")
    theirs = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib as mpl

        with mpl.rc_context({**_style._RC, **_style._SAVE_RC}):
            fig.savefig(theirs, format="png", dpi=_style.DPI, metadata={"Software": None})
    image = Image.open(io.BytesIO(ours))
    assert image.mode == "RGB"  # opaque: no alpha channel stored
    assert not image.text  # no software stamp, no date
    assert image.size == (3 * _style.DPI, 2 * _style.DPI)
    assert (_pixels(ours) == _pixels(theirs.getvalue())).all()
    assert ours == figure_bytes(fig, "png")


def test_png_of_a_transparent_figure_keeps_its_alpha() -> None:
    import io

    from PIL import Image

    fig, ax = _figure()
    fig.patch.set_alpha(0.0)
    ax.patch.set_alpha(0.0)
    image = Image.open(io.BytesIO(figure_bytes(fig, "png")))
    assert image.mode == "RGBA"
    assert _pixels(figure_bytes(fig, "png"))[0, 0, 3] == 0  # a corner: see-through


@pytest.mark.parametrize(
    ("axis", "side", "kw"),
    [("y", "left", {}), ("x", "bottom", {}), ("x", "bottom", {"rotation": 90}), ("y", "right", {})],
)
def test_axis_names_draw_what_tick_labels_draw(axis: str, side: str, kw: dict[str, Any]) -> None:
    # the same names as matplotlib's tick labels (ticks of length 0) and as axis_names
    # texts: the same pixels, and axis_texts reads them back in order
    names = ["alpha", "beta\nsecond line", "gamma-delta/epsilon"]
    at = [0.0, 1.0, 2.0]
    with _style.style():  # the figures' rc: tick label colour, font
        fig1, ax1 = _figure()
        setter = ax1.set_yticks if axis == "y" else ax1.set_xticks
        setter(at, names, fontsize=7, **kw)
        if side == "right":
            ax1.yaxis.tick_right()
        ax1.tick_params(length=0)
        (ax1.set_xticks if axis == "y" else ax1.set_yticks)([])
        fig2, ax2 = _figure()
        _layout.axis_names(ax2, axis, at, names, side=side, fontsize=7, **kw)
        (ax2.set_xticks if axis == "y" else ax2.set_yticks)([])
    assert _layout.axis_texts(ax2, axis) == names
    assert (_pixels(figure_bytes(fig1, "png")) == _pixels(figure_bytes(fig2, "png"))).all()
