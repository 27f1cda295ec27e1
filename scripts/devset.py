"""Build the development set of real pages and score it per document kind.

    python scripts/devset.py [--texts tests/devset/texts] [--out output/devset] [-v] [--set held-out]

The pages' texts are not in the repository (tests/devset/texts is git-ignored; SOURCES.md gives
each page's address); their facts are, in tests/devset/gold. The score is ../shared/eval/score.py's,
run once per kind on the gold files of that kind, so each kind's figures stand alone.

Pages whose id starts with `ho_` or `ho2_` are held out: gathered after the rules were written, to measure how
the rules read notices they were not fitted to. Each set gets its own table.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
KINDS = ("rectification", "feedback", "followup", "announcement")
HEADLINES = ("notices found", "org resolution", "overall")
SETS = ("development", "held-out")
HELD_OUT_PREFIXES = ("ho_", "ho2_")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=DEVSET / "texts")
    ap.add_argument("--out", type=Path, default=ROOT / "output" / "devset")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss, per kind")
    ap.add_argument("--set", choices=SETS, help="score only this set (both when not given)")
    args = ap.parse_args(argv)
    if not any(args.texts.glob("*.txt")):
        print(f"no texts in {args.texts}: the development set's pages are not in the repository")
        return 2
    build = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(args.texts), "--out", str(args.out)],
        capture_output=True, text=True,
    )  # fmt: skip
    if build.returncode != 0:
        print(build.stderr[-2000:] or f"kg build failed with exit status {build.returncode}")
        return 1
    skipped = [line for line in build.stderr.splitlines() if "skipped" in line]
    print(*skipped, sep="\n")
    paths = sorted(DEVSET.glob("gold/*.json"))
    golds = [json.loads(p.read_text(encoding="utf-8")) | {"path": p} for p in paths]
    for name in SETS:
        if args.set in (None, name):
            _table(name, [g for g in golds if _set_of(g["path"].name) == name], args)
    return 0


def _set_of(gold_name: str) -> str:
    return "held-out" if gold_name.startswith(HELD_OUT_PREFIXES) else "development"


def _table(name: str, golds: list[dict], args: argparse.Namespace) -> None:
    """Score each kind of one set on its own gold files and print one row per kind."""
    print(f"\n{name}\n{'kind':14s} {'pages':>5s}  " + "  ".join(f"{h:>15s}" for h in HEADLINES))
    for kind in KINDS:
        with tempfile.TemporaryDirectory() as tmp:
            chosen = [g for g in golds if g.get("kind") == kind]
            for g in chosen:
                (Path(tmp) / g["path"].name).write_bytes(g["path"].read_bytes())
            cmd = [sys.executable, str(SCORE), "--graph", str(args.out / "graph.ttl"), "--gold", tmp, "--all"]
            report = subprocess.run(cmd + ["-v"] * args.verbose, capture_output=True, text=True).stdout
        figures = [_figure(report, h) for h in HEADLINES]
        print(f"{kind:14s} {len(chosen):5d}  " + "  ".join(f"{f:>15s}" for f in figures))
        if args.verbose:
            print("\n".join(line for line in report.splitlines() if line.startswith("  - ")))


def _figure(report: str, headline: str) -> str:
    m = re.search(rf"^{headline}:?\s+([\d.]+)(?:\s+\((\d+/\d+)\))?", report, re.M)
    if not m:
        return "-"
    return f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1)


if __name__ == "__main__":
    sys.exit(main())
