"""Shared fixtures: a small inline corpus, a model trained on it, and paths."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stance.model import fit_pipeline, make_metadata, save_model

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DATA = ROOT / "data" / "statements.csv"
SHIPPED_MODEL = ROOT / "models" / "stance.joblib"

# A tiny corpus of our own, six statements per label, for fast tests.
TINY = {
    "success": [
        "The arms treaty was ratified and both sides praised the new era of cooperation.",
        "Moscow let American supplies cross its territory to Afghanistan, a real gain of the thaw.",
        "Officials hailed the agreement on civil nuclear cooperation as proof the policy works.",
        "Trade grew after Russia joined the WTO with Washington's help.",
        "The two presidents have built a productive partnership on Iran.",
        "Relations are warmer than at any time in a decade, diplomats said.",
    ],
    "failure": [
        "Moscow banned American adoptions in retaliation for the sanctions law.",
        "The summit was cancelled and ties sank to a post-Cold War low.",
        "Critics say the policy was naive and has collapsed.",
        "Russia expelled the aid agency and scrapped the police cooperation deal.",
        "The veto on Syria showed how hostile the two capitals have become.",
        "Whatever was promised, relations are as cold as ever.",
    ],
    "mixed": [
        "They agree on Iran but remain bitterly divided over missile defense.",
        "The treaty was a real achievement, yet the row over Syria keeps getting worse.",
        "Cooperation on Afghanistan continues even as quarrels over human rights deepen.",
        "The record is uneven: a new arms pact, but open hostility over the election protests.",
        "Some deals were struck, though the spy scandal soured the mood.",
        "Progress on trade sits beside deadlock on Syria.",
    ],
    "none": [
        "The foreign ministers will meet in Geneva next month.",
        "Photo: the delegations arrive at the airport.",
        "The correspondent has covered Moscow since 2005.",
        "Comments are closed for this article.",
        "The briefing began at ten in the morning.",
        "Related articles are listed below.",
    ],
}


def tiny_rows() -> list[dict[str, str]]:
    rows = []
    for label, texts in TINY.items():
        for i, text in enumerate(texts):
            sid = f"{label[:2]}{i}"
            rows.append(
                {"id": sid, "text": text, "label": label, "origin": "grown", "source": "fact:test", "group": sid}
            )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or ["id", "text", "label", "origin", "source", "group"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def tiny_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "tiny.csv", tiny_rows())


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model trained on the inline corpus, saved like a real one."""
    from stance.data import load_dataset

    directory = tmp_path_factory.mktemp("tiny")
    dataset = load_dataset(write_csv(directory / "tiny.csv", tiny_rows()))
    params = {"features": "word", "C": 10.0, "class_weight": None, "sublinear_tf": True, "min_df": 1}
    pipeline = fit_pipeline(dataset.texts, dataset.labels, params)
    metadata = make_metadata(dataset, params, {"f_avg": 0.0, "accuracy": 0.0})
    return save_model(pipeline, metadata, directory / "tiny.joblib")
