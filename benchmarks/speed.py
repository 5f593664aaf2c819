"""Prediction speed: word vs word+character n-grams, the shipped model, and the splitter.

Prints statements per second on one core for each feature setting (each
trained on the shipped data with the shipped model's other settings), for the
shipped model itself, and for sentence splitting. Run:

    python benchmarks/speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from stance.data import load_dataset
from stance.model import fit_pipeline, load_artifact
from stance.text import split_statements


def rate(func, items: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(items)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dataset = load_dataset()
    artifact = load_artifact()
    params = artifact["metadata"]["params"]
    # 20,000 statements drawn from the data set, in a fixed order.
    texts = (dataset.texts * (20000 // len(dataset) + 1))[:20000]
    print(f"{len(texts)} statements, best of {args.repeat} runs, one thread\n")
    print(f"{'model':<40}{'statements/s':>14}")
    for features in ("word", "word+char"):
        model = fit_pipeline(dataset.texts, dataset.labels, {**params, "features": features, "calibration": "none"})
        print(f"{features + ' n-grams (retrained)':<40}{rate(model.predict_proba, texts, args.repeat):>14,.0f}")
    shipped = artifact["pipeline"]
    print(
        f"{'shipped model (' + params['features'] + ')':<40}{rate(shipped.predict_proba, texts, args.repeat):>14,.0f}"
    )
    article = "\n\n".join(texts[:2000])
    start = time.perf_counter()
    pieces = split_statements(article)
    elapsed = time.perf_counter() - start
    print(f"{'sentence splitting':<40}{len(pieces) / elapsed:>14,.0f}")


if __name__ == "__main__":
    main()
