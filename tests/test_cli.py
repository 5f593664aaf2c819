"""The command line, through typer's CliRunner and one real subprocess."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from stance.cli import app
from stance.data import LABELS

ARTICLE = SEEDS[0]


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, args, **kwargs):
    return runner.invoke(app, args, catch_exceptions=False, **kwargs)


def test_predict_jsonl_rows_and_summary(runner, tiny_model_path):
    result = invoke(runner, ["predict", str(ARTICLE), "-m", str(tiny_model_path), "-f", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["n"] for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) == 12
    assert all(r["label"] in LABELS and 0 < r["confidence"] <= 1 and r["file"] == str(ARTICLE) for r in rows)
    summary = result.stderr.strip().splitlines()[-1]
    counts = {label: sum(r["label"] == label for r in rows) for label in LABELS}
    expected = ", ".join(f"{label} {n}" for label, n in counts.items())
    assert summary.startswith(f"{ARTICLE}: 12 statements ({expected}); overall: ")


def test_predict_json_summary_counts_match_rows(runner, tiny_model_path):
    result = invoke(runner, ["predict", *map(str, SEEDS[:2]), "-m", str(tiny_model_path), "-f", "json", "--proba"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert [item["file"] for item in payload] == [str(p) for p in SEEDS[:2]]
    for item in payload:
        counts = {label: sum(s["label"] == label for s in item["statements"]) for label in LABELS}
        assert item["summary"]["counts"] == counts
        assert item["summary"]["statements"] == len(item["statements"])
        for s in item["statements"]:
            assert sum(s[f"p_{label}"] for label in LABELS) == pytest.approx(1.0, abs=1e-3)
            assert s["confidence"] == pytest.approx(max(s[f"p_{label}"] for label in LABELS), abs=1e-4)


def test_predict_csv_parses_with_one_header(runner, tiny_model_path):
    result = invoke(runner, ["predict", *map(str, SEEDS[:2]), "-m", str(tiny_model_path), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12 + 51
    assert set(rows[0]) == {"file", "n", "label", "confidence", "text"}
    assert rows[0]["text"] == "White House says reset of relations with Russia has been successful"


def test_predict_table_has_rows_and_summary(runner, tiny_model_path):
    result = invoke(runner, ["predict", str(ARTICLE), "-m", str(tiny_model_path), "-f", "table"])
    assert result.exit_code == 0
    assert "White House says reset" in result.stdout
    assert "12 statements" in result.stdout


def test_predict_lines_mode_and_stdin(runner, tiny_model_path):
    text = "The treaty was ratified.\nMeeting at noon. Another sentence.\n\n"
    result = invoke(runner, ["predict", "-", "--lines", "-m", str(tiny_model_path), "-f", "jsonl"], input=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["The treaty was ratified.", "Meeting at noon. Another sentence."]
    assert rows[0]["file"] == "<stdin>"


def test_info_prints_metadata_as_json(runner, tiny_model_path):
    result = invoke(runner, ["info", "-m", str(tiny_model_path), "-f", "json"])
    meta = json.loads(result.stdout)
    assert meta["labels"] == list(LABELS)
    assert len(meta["sha256"]) == 64
    import hashlib

    assert meta["sha256"] == hashlib.sha256(tiny_model_path.read_bytes()).hexdigest()


def test_train_command_writes_model(runner, tiny_csv, tmp_path):
    out = tmp_path / "model.joblib"
    result = invoke(runner, ["train", "-d", str(tiny_csv), "-o", str(out), "--folds", "3", "--no-search"])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "F_avg" in result.stderr
    assert result.stdout == ""


def test_train_error_is_one_line_and_keeps_model(runner, tmp_path):
    out = tmp_path / "model.joblib"
    out.write_bytes(b"previous model")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,label,origin,source,group\na,text,great,grown,fact:x,a\n", encoding="utf-8")
    result = invoke(runner, ["train", "-d", str(bad), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: {bad}:2: unknown label 'great' (expected one of success, failure, mixed, none)"
    )
    assert out.read_bytes() == b"previous model"


def test_data_stats_json(runner, tiny_csv):
    result = invoke(runner, ["data", "stats", "-d", str(tiny_csv), "-f", "json"])
    report = json.loads(result.stdout)
    assert report["counts"]["grown"]["total"] == 24
    assert report["near_duplicates"] == []


def test_unknown_format_is_a_usage_error(runner):
    result = runner.invoke(app, ["predict", str(ARTICLE), "-f", "xml"])
    assert result.exit_code == 2


def test_installed_command_runs_in_a_subprocess(tiny_model_path):
    # The console script installed beside this interpreter (a virtual environment's bin/).
    beside = Path(sys.executable).with_name("stance")
    exe = str(beside) if beside.exists() else shutil.which("stance")
    assert exe, "the stance console script is not installed"
    command = [exe]
    proc = subprocess.run(
        [*command, "predict", str(ARTICLE), "-m", str(tiny_model_path), "-f", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 12
    proc = subprocess.run([*command, "predict", "/no/such/file.txt"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[0] == "Error: /no/such/file.txt: no such file"
    assert "Traceback" not in proc.stderr


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "stance", "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "predict" in proc.stdout


def test_predict_explain_adds_evidence(runner, tiny_model_path):
    result = invoke(runner, ["predict", str(ARTICLE), "-m", str(tiny_model_path), "-f", "jsonl", "--explain"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(1 <= len(r["evidence"]) <= 3 for r in rows if r["text"].strip())
    for r in rows:
        for ngram, weight in r["evidence"]:
            assert ngram in r["text"].lower() and weight > 0
    result = invoke(runner, ["predict", str(ARTICLE), "-m", str(tiny_model_path), "-f", "csv", "--explain"])
    first = next(csv.DictReader(io.StringIO(result.stdout)))
    assert first["evidence"].count("(") >= 1


def test_predict_summary_only_gives_one_row_per_file(runner, tiny_model_path):
    files = [str(p) for p in SEEDS]
    result = invoke(runner, ["predict", *files, "-m", str(tiny_model_path), "-f", "csv", "--summary-only"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["file"] for r in rows] == files
    detail = invoke(runner, ["predict", *files, "-m", str(tiny_model_path), "-f", "json"])
    for row, item in zip(rows, json.loads(detail.stdout)):
        assert int(row["statements"]) == len(item["statements"])
        for label in LABELS:
            assert int(row[label]) == sum(s["label"] == label for s in item["statements"])
        assert row["overall"] == item["summary"]["overall"]
    table = invoke(runner, ["predict", *files, "-m", str(tiny_model_path), "-f", "table", "--summary-only"])
    assert "per-file summary" in table.stdout and "statements" in table.stdout
