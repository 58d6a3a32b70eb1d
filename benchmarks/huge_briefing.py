"""The briefing past ``HUGE_VOICES``: a synthetic codings table of 50,000 voices and
``posmatrix brief`` on it, CPU time and peak RSS (``/usr/bin/time -v``).

Usage::

    python benchmarks/huge_briefing.py gen /tmp/huge.csv --voices 50000 --issues 30
    python benchmarks/huge_briefing.py run /tmp/huge.csv --output /tmp/huge.xlsx
    python benchmarks/huge_briefing.py run /tmp/huge.csv --output /tmp/huge.html

``gen`` writes the codings table (:func:`synth.synthesize`: author voices in four
latent camps, each addressing an issue with probability ``--coverage``); ``run``
writes the briefing with ``posmatrix brief --no-figures`` (the figures are the figure
code's own concern) and prints CPU seconds (user + system), peak RSS and wall time.
Run it from the repository with ``PYTHONPATH`` set to it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["main", "measure"]


def measure(command: Sequence[str]) -> dict[str, float]:
    """Run ``command`` under ``/usr/bin/time -v``: CPU seconds, peak RSS (GB), wall."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    err = done.stderr

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", err)
        if found is None:
            raise SystemExit(f"no {name!r} in the output of /usr/bin/time")
        return found.group(1).strip()

    wall = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    return {
        "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "user_s": float(field("User time (seconds)")),
        "system_s": float(field("System time (seconds)")),
        "peak_rss_gb": int(field("Maximum resident set size (kbytes)")) / 1e6,
        "wall_s": sum(v * 60**i for i, v in enumerate(reversed(wall))),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen", help="write the synthetic codings table")
    g.add_argument("path", type=Path)
    g.add_argument("--voices", type=int, default=50_000)
    g.add_argument("--issues", type=int, default=30)
    g.add_argument("--coverage", type=float, default=0.3)
    g.add_argument("--seed", type=int, default=1)
    r = sub.add_parser("run", help="posmatrix brief on it, measured")
    r.add_argument("path", type=Path)
    r.add_argument("--output", "-o", type=Path, required=True)
    args = p.parse_args(argv)
    if args.cmd == "gen":
        import synth

        data = synth.synthesize(args.voices, args.issues, coverage=args.coverage, seed=args.seed)
        data.codings.to_csv(args.path, index=False)
        print(f"{len(data.codings):,} codings, {args.voices:,} voices -> {args.path}")
        return 0
    command = [sys.executable, "-m", "posmatrix", "brief", str(args.path)]
    command += ["--output", str(args.output), "--no-figures"]
    got = measure(command)
    print(" ".join(command))
    print(
        f"CPU {got['cpu_s']:.1f} s (user {got['user_s']:.1f} + system {got['system_s']:.1f}), "
        f"peak RSS {got['peak_rss_gb']:.2f} GB, wall {got['wall_s']:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
