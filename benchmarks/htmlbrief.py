"""Size and time to interactive of the HTML briefing, in headless Chromium.

Usage::

    python benchmarks/htmlbrief.py                 # the bundled dataset and 2,500 x 50
    python benchmarks/htmlbrief.py --voices 500 --issues 30

For each dataset: the seconds to build the page (``html_briefing``, findings included),
the file size, and the browser's ``performance.timing`` (``domInteractive`` and the end
of ``DOMContentLoaded``, i.e. once the page's script has run and the page answers hover
and keys), median of five loads. Needs selenium, Debian's ``chromium`` and
``chromium-driver``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import synthesize

import posmatrix


def synthetic(voices: int, issues: int) -> posmatrix.Dataset:
    s = synthesize(voices, issues, seed=3)
    return posmatrix.from_frame(
        s.codings, issues=s.issues, sources=s.sources, actors=s.actors,
        title=f"Synthetic {voices} x {issues}",
    )  # fmt: skip


def timings(paths: list[Path], runs: int = 5) -> list[tuple[float, float]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    out = []
    try:
        for path in paths:
            got = []
            for _ in range(runs):
                driver.get(path.as_uri())
                got.append(
                    driver.execute_script(
                        "var t = performance.timing; return [t.domInteractive - "
                        "t.navigationStart, t.domContentLoadedEventEnd - t.navigationStart]"
                    )
                )
            out.append((statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)))
    finally:
        driver.quit()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", type=int, default=2500)
    parser.add_argument("--issues", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    cases = [("bundled", posmatrix.example()), ("synthetic", synthetic(args.voices, args.issues))]
    paths, rows = [], []
    for name, ds in cases:
        start = time.perf_counter()
        page = posmatrix.html_briefing(ds)
        seconds = time.perf_counter() - start
        path = work / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
        rows.append((f"{name} ({len(posmatrix.Findings(ds).voices):,} voices, "
                     f"{len(ds.issues)} issues)", seconds, path.stat().st_size))  # fmt: skip
    for (label, seconds, size), (interactive, loaded) in zip(rows, timings(paths), strict=True):
        print(
            f"{label}: built in {seconds:.1f} s, {size / 1e6:.2f} MB, "
            f"domInteractive {interactive:.0f} ms, script done {loaded:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
