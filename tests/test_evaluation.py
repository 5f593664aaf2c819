"""Metrics, baselines, leave-one-article-out and the evaluate command."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from conftest import tiny_rows, write_csv
from typer.testing import CliRunner

from stance.cli import app
from stance.data import LABELS, load_dataset
from stance.evaluation import (
    LexiconBaseline,
    MajorityBaseline,
    _article_members,
    expected_calibration_error,
    f_avg,
    grouped_folds,
    leave_one_article_out,
    score,
)

FAST = {"features": "word", "C": 10.0, "class_weight": None, "sublinear_tf": True, "min_df": 1}


@pytest.fixture
def articles_csv(tmp_path):
    """The tiny corpus plus two fake 'articles' of seed rows and statements grown from them."""
    rows = tiny_rows()
    seeds = [
        ("a1", "a.txt:1", "The treaty was ratified after long talks.", "success"),
        ("a2", "a.txt:2", "Moscow then banned the adoptions.", "failure"),
        ("b1", "b.txt:1", "They agree on Iran but not on Syria.", "mixed"),
        ("b2", "b.txt:2", "The ministers meet on Monday.", "none"),
    ]
    for sid, source, text, label in seeds:
        rows.append({"id": sid, "text": text, "label": label, "origin": "seed", "source": source, "group": sid})
    rows.append(
        {
            "id": "a1g",
            "text": "Senators ratified the arms treaty.",
            "label": "success",
            "origin": "grown",
            "source": "a1",
            "group": "a1",
        }
    )
    rows.append(
        {
            "id": "a1gg",
            "text": "Senators approved the arms pact at last.",
            "label": "success",
            "origin": "grown",
            "source": "a1g",
            "group": "a1",
        }
    )
    return write_csv(tmp_path / "articles.csv", rows)


def test_f_avg_ignores_none_as_a_class_but_counts_its_errors():
    truth = ["success", "failure", "mixed", "none"]
    assert f_avg(truth, truth) == 1.0
    # Calling a 'none' statement 'success' costs success precision.
    assert f_avg(truth, ["success", "failure", "mixed", "success"]) == pytest.approx((2 / 3 + 1 + 1) / 3)


def test_expected_calibration_error():
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    truth = ["a", "b", "a", "a"]
    # bin (0.8, 0.9]: confidence 0.9, accuracy 0.5; bin (0.5, 0.6]: confidence 0.6, accuracy 1.0
    assert expected_calibration_error(truth, proba, ["a", "b"]) == pytest.approx(0.5 * 0.4 + 0.5 * 0.4)


def test_score_confusion_and_support():
    result = score(["success", "none", "none"], ["success", "success", "none"])
    assert result["confusion"][LABELS.index("none")] == [1, 0, 0, 1]
    assert result["per_label"]["none"]["support"] == 2
    assert result["accuracy"] == pytest.approx(2 / 3)


def test_grouped_folds_keep_groups_together(articles_csv):
    dataset = load_dataset(articles_csv)
    for train, test in grouped_folds(dataset, folds=3):
        assert not {dataset.groups[i] for i in train} & {dataset.groups[i] for i in test}


def test_article_members_follow_sources_transitively(articles_csv):
    members = _article_members(load_dataset(articles_csv))
    assert members["a.txt"] == {"a1", "a2", "a1g", "a1gg"}
    assert members["b.txt"] == {"b1", "b2"}


def test_leave_one_article_out_tests_only_real_sentences(articles_csv):
    result = leave_one_article_out(load_dataset(articles_csv), FAST)
    assert set(result["articles"]) == {"a.txt", "b.txt"}
    assert result["articles"]["a.txt"]["n"] == 2
    assert result["pooled"]["n"] == 4


def test_baselines():
    majority = MajorityBaseline().fit(["x"] * 3, ["none", "none", "failure"])
    assert list(majority.predict(["a", "b"])) == ["none", "none"]
    assert majority.predict_proba(["a"]).sum() == pytest.approx(1.0)
    lexicon = LexiconBaseline().fit([], [])
    assert list(
        lexicon.predict(["A fruitful partnership.", "The talks collapsed.", "Progress, then a veto.", "Lunch."])
    ) == ["success", "failure", "mixed", "none"]


def test_evaluate_command_json_and_plot(articles_csv, tiny_model_path, tmp_path):
    png = tmp_path / "report.png"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "-d",
            str(articles_csv),
            "-m",
            str(tiny_model_path),
            "--folds",
            "3",
            "-f",
            "json",
            "--plot",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["cross_validation"]) == {"model", "majority", "lexicon"}
    assert set(report["leave_one_article_out"]) == {"model", "majority", "lexicon"}
    assert report["leave_one_article_out"]["model"]["pooled"]["n"] == 4
    assert "none" in report["calibration"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_plot_without_matplotlib_says_how_to_install(articles_csv, tiny_model_path, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = CliRunner().invoke(
        app, ["evaluate", "-d", str(articles_csv), "-m", str(tiny_model_path), "--plot", str(tmp_path / "x.png")]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --plot needs matplotlib: pip install 'stance[plot]'"


def test_leave_one_writer_out_holds_out_each_writer(tmp_path):
    from stance.evaluation import leave_one_writer_out

    rows = tiny_rows()
    for i, row in enumerate(rows):
        row["writer"] = f"w{i % 2 + 1}"
    columns = ["id", "text", "label", "origin", "source", "group", "writer"]
    dataset = load_dataset(write_csv(tmp_path / "writers.csv", rows, columns))
    result = leave_one_writer_out(dataset, FAST)
    assert set(result["writers"]) == {"w1", "w2"}
    assert result["writers"]["w1"]["n"] == 12
    assert result["pooled"]["n"] == 24
    assert leave_one_writer_out(load_dataset(write_csv(tmp_path / "plain.csv", rows)), FAST) is None
