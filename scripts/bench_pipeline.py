"""Speed of extraction: characters of notice body per second through `extract_notice`.

Reads, normalizes and splits the input files once (untimed), loads the spaCy pipeline once
(untimed), then times `extract_notice` (header facts and every xc_* component) over all notices,
several rounds, and prints the best round per file and in total, then one pass timed by stage.
Inputs: the seed notices in ../shared/seeds when present, else the bundled examples/.

    .venv/bin/python scripts/bench_pipeline.py [DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_notice  # noqa: E402
from kg.extract.header import extract_header  # noqa: E402
from kg.extract.nlp import default_nlp  # noqa: E402
from kg.ingest.normalize import CleanText, normalize_text  # noqa: E402
from kg.ingest.read import read_document  # noqa: E402
from kg.ingest.split import split_notices  # noqa: E402
from kg.models import NoticeText  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


def notices_of(path: Path) -> list[NoticeText]:
    doc = read_document(path)
    clean = normalize_text(doc.text)
    return split_notices(CleanText(clean.text, {**clean.meta, **doc.meta}), doc.name)


def best_seconds(notices: list[NoticeText], rounds: int) -> float:
    nlp = default_nlp()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for notice in notices:
            extract_notice(notice, nlp)
        best = min(best, time.perf_counter() - start)
    return best


def stage_seconds(notices: list[NoticeText]) -> dict[str, float]:
    """One pass with each stage timed apart: the header reader, then each spaCy component."""
    nlp = default_nlp()
    spent = dict.fromkeys(["header", "tokenizer", *nlp.pipe_names], 0.0)
    for notice in notices:
        start = time.perf_counter()
        header = extract_header(notice)
        spent["header"] += time.perf_counter() - start
        start = time.perf_counter()
        doc = nlp.make_doc(notice.body)
        spent["tokenizer"] += time.perf_counter() - start
        doc.user_data["header"] = header
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - start
    return spent


def row(name: str, chars: int, seconds: float) -> str:
    return f"{name:32s} {chars:7d} chars {seconds:7.3f} s {chars / seconds:10.0f} chars/s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dir", nargs="?", type=Path, help="input folder (default: seeds, else examples/)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; the best one counts")
    args = parser.parse_args(argv)
    folder = args.dir or (SEEDS if SEEDS.is_dir() else EXAMPLES)
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != ".md")
    files = [(p, notices_of(p)) for p in paths]
    print(f"pipeline: {', '.join(default_nlp().pipe_names)}; best of {args.rounds} rounds; {folder}")
    total_chars, total_seconds = 0, 0.0
    for path, notices in files:
        chars = sum(len(n.body) for n in notices)
        seconds = best_seconds(notices, args.rounds)
        total_chars += chars
        total_seconds += seconds
        print(row(f"{path.name} ({len(notices)})", chars, seconds))
    print(row("total", total_chars, total_seconds))
    print("by stage, one pass:")
    for stage, seconds in stage_seconds([n for _, notices in files for n in notices]).items():
        print(row(f"  {stage}", total_chars, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
