"""Pictures of an evaluation report (needs the optional matplotlib: ``pip install 'stance[plot]'``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stance.data import LABELS

__all__ = ["plot_report"]


def plot_report(report: dict[str, Any], path: str | Path) -> Path:
    """Draw the confusion matrices and per-label F1 bars of a report to a PNG.

    Parameters
    ----------
    report : dict
        As returned by :func:`stance.evaluation.evaluate`.
    path : str or pathlib.Path
        The PNG file to write.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    blocks = [
        ("Grouped cross-validation", report["cross_validation"]),
        (
            "Leave-one-article-out (real sentences)",
            {k: v["pooled"] for k, v in report["leave_one_article_out"].items()},
        ),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(12, 10))
    for row, (title, systems) in enumerate(blocks):
        model = systems["model"]
        matrix = np.array(model["confusion"])
        ax = axes[row][0]
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(LABELS)), LABELS)
        ax.set_yticks(range(len(LABELS)), LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"{title}\nmodel, F_avg {model['f_avg']:.3f}")
        top = matrix.max() or 1
        for i in range(len(LABELS)):
            for j in range(len(LABELS)):
                ax.text(
                    j,
                    i,
                    str(matrix[i, j]),
                    ha="center",
                    va="center",
                    color="white" if matrix[i, j] > top / 2 else "black",
                )
        ax = axes[row][1]
        width = 0.8 / len(systems)
        x = np.arange(len(LABELS))
        for k, (name, result) in enumerate(systems.items()):
            values = [result["per_label"][label]["f1"] for label in LABELS]
            ax.bar(x + k * width, values, width, label=f"{name} (F_avg {result['f_avg']:.2f})")
        ax.set_xticks(x + width * (len(systems) - 1) / 2, LABELS)
        ax.set_ylim(0, 1)
        ax.set_ylabel("F1")
        ax.set_title(f"{title}: per-label F1")
        ax.legend(loc="upper right", fontsize="small")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
