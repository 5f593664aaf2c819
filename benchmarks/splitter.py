"""Compare stance's sentence splitter with maintained splitters from PyPI on the seeds.

The reference segmentation is the seed rows of ``data/statements.csv``: the
statements of the five seed articles, checked by hand when they were labelled
(a quotation stays whole with its attribution, headlines and bylines are their
own statements). For each splitter the script prints how many reference
statements it reproduces exactly, how many pieces it makes, and how many pieces
end on an abbreviation that does not end a sentence ("Ms.", "Mr.", "U.S." before
a capitalised name, an initial).

Optional splitters are used if installed: ``pip install pysbd syntok blingfire``.
Run: ``python benchmarks/splitter.py``
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from stance.data import load_dataset
from stance.text import normalize, split_statements

ROOT = Path(__file__).resolve().parent.parent
BAD_END = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.|\b[A-Z]\.|\bU\.S\.)$")


def by_paragraph(split: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """Give a plain sentence splitter the same paragraph handling as stance's."""

    def run(text: str) -> list[str]:
        pieces: list[str] = []
        for line in normalize(text).split("\n"):
            if line.strip():
                pieces.extend(p.strip() for p in split(line.strip()) if p.strip())
        return pieces

    return run


def regex_baseline(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text)


def splitters() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {
        "stance.text": split_statements,
        "naive regex": by_paragraph(regex_baseline),
    }
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = by_paragraph(seg.segment)
    except ImportError:
        pass
    try:
        from syntok import segmenter

        def syntok_split(text: str) -> list[str]:
            return [
                "".join(t.spacing + t.value for t in sentence).strip()
                for paragraph in segmenter.process(text)
                for sentence in paragraph
            ]

        found["syntok"] = by_paragraph(syntok_split)
    except ImportError:
        pass
    try:
        import blingfire

        found["blingfire"] = by_paragraph(lambda t: blingfire.text_to_sentences(t).split("\n"))
    except ImportError:
        pass
    return found


def main() -> None:
    dataset = load_dataset(ROOT / "data" / "statements.csv")
    reference: dict[str, list[str]] = {}
    for s in dataset.statements:
        if s.origin == "seed":
            reference.setdefault(s.source.split(":")[0], []).append(s.text)
    texts = {name: (ROOT / "seeds" / name).read_text(encoding="utf-8") for name in reference}
    total = sum(len(v) for v in reference.values())
    print(f"reference: {total} statements in {len(reference)} seed articles\n")
    print(f"{'splitter':<14}{'exact':>8}{'pieces':>8}{'bad ends':>10}{'ms/article':>12}")
    for name, split in splitters().items():
        exact = pieces = bad = 0
        start = time.perf_counter()
        for article, text in texts.items():
            got = [" ".join(p.split()) for p in split(text)]
            want = {" ".join(r.split()) for r in reference[article]}
            exact += sum(1 for p in got if p in want)
            pieces += len(got)
            bad += sum(1 for p in got if BAD_END.search(p))
        elapsed = (time.perf_counter() - start) * 1000 / len(texts)
        print(f"{name:<14}{exact:>5}/{total:<3}{pieces:>7}{bad:>10}{elapsed:>12.2f}")


if __name__ == "__main__":
    main()
