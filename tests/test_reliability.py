"""Bad input, broken models and property tests: clear one-line errors, never a traceback.

Each test here is a row of the "Bad input" table in the README.
"""

from __future__ import annotations

import json

import joblib
import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stance.cli import app
from stance.data import LABELS
from stance.model import load_model
from stance.prediction import predict_text
from stance.text import MAX_STATEMENT_CHARS


def run(args, model, stdin=None):
    result = CliRunner().invoke(app, ["predict", *args, "-m", str(model), "-f", "jsonl"], input=stdin)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return result, rows


def run_bytes(tmp_path, model, content, name="input.txt", args=()):
    """Write ``content`` to a file, label it, and return the path, result and rows."""
    path = tmp_path / name
    path.write_bytes(content)
    result, rows = run([str(path), *args], model)
    return path, result, rows


def error_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


# Input files -------------------------------------------------------------------


def test_missing_path(tiny_model_path, tmp_path):
    result, _ = run([str(tmp_path / "nope.txt")], tiny_model_path)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {tmp_path / 'nope.txt'}: no such file"]
    assert "Traceback" not in result.output


def test_directory(tiny_model_path, tmp_path):
    result, _ = run([str(tmp_path)], tiny_model_path)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {tmp_path}: is a directory, not a text file"]


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file(tiny_model_path, tmp_path, content):
    path, result, rows = run_bytes(tmp_path, tiny_model_path, content, "empty.txt")
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {path}: empty file, no statements to label"]
    assert rows == []


def test_binary_file(tiny_model_path, tmp_path):
    path, result, _ = run_bytes(
        tmp_path, tiny_model_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.png"
    )
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {path}: binary file (contains NUL bytes), not text"]


def test_cp1252_file_is_decoded_with_a_warning(tiny_model_path, tmp_path):
    path, result, rows = run_bytes(
        tmp_path, tiny_model_path, "“The reset is over,” he said. Café talks resumed.".encode("cp1252"), "windows.txt"
    )
    assert result.exit_code == 0
    assert [r["text"] for r in rows] == ["“The reset is over,” he said.", "Café talks resumed."]
    assert f"Warning: {path}: not valid UTF-8 (byte 0); decoded as Windows-1252" in result.stderr


def test_latin1_only_bytes_fall_back_to_latin1(tiny_model_path, tmp_path):
    _path, result, rows = run_bytes(
        tmp_path, tiny_model_path, b"Talks in Z\x81rich ended. Both sides left.", "latin.txt"
    )
    assert result.exit_code == 0
    assert len(rows) == 2
    assert "decoded as Latin-1" in result.stderr


def test_utf8_bom_is_dropped(tiny_model_path, tmp_path):
    _path, _, rows = run_bytes(tmp_path, tiny_model_path, "\ufeffThe summit was cancelled.".encode(), "bom.txt")
    assert rows[0]["text"] == "The summit was cancelled."


def test_utf16_with_bom_is_read(tiny_model_path, tmp_path):
    _path, result, rows = run_bytes(
        tmp_path, tiny_model_path, "The summit was cancelled. Talks resume.".encode("utf-16"), "utf16.txt"
    )
    assert result.exit_code == 0
    assert [r["text"] for r in rows] == ["The summit was cancelled.", "Talks resume."]


def test_crlf_gives_the_same_statements_as_lf(tiny_model_path, tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    lf, crlf = tmp_path / "lf.txt", tmp_path / "crlf.txt"
    lf.write_bytes(text.replace("\r\n", "\n").encode())
    crlf.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode())
    _, a = run([str(lf)], tiny_model_path)
    _, b = run([str(crlf)], tiny_model_path)
    assert [(r["text"], r["label"]) for r in a] == [(r["text"], r["label"]) for r in b]


def test_fifty_megabyte_line_without_sentence_end(tiny_model_path, tmp_path):
    path = tmp_path / "huge.txt"
    word = "relations "
    path.write_bytes((word * (50 * 1024 * 1024 // len(word))).encode())
    result, rows = run([str(path), "--no-summary"], tiny_model_path)
    assert result.exit_code == 0
    assert all(len(r["text"]) <= MAX_STATEMENT_CHARS for r in rows)
    assert sum(len(r["text"].split()) for r in rows) == 50 * 1024 * 1024 // len(word)


def test_million_short_lines(tiny_model_path, tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("Talks resumed today\n" * 1_000_000, encoding="utf-8")
    result, rows = run([str(path), "--lines"], tiny_model_path)
    assert result.exit_code == 0
    assert len(rows) == 1_000_000
    assert rows[-1]["n"] == 1_000_000


@pytest.mark.parametrize(
    "text",
    [
        "Перезагрузка отношений между Россией и США закончилась. Стороны обменялись санкциями.",
        "La relance des relations a échoué.",
        "Reset 🎉🔥 relations 🇺🇸🇷🇺 are \x07great\x1b[31m again! \u200b Zero\u2028width.",
    ],
)
def test_non_english_emoji_and_control_characters_get_predictions(tiny_model_path, tmp_path, text):
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    result, rows = run([str(path)], tiny_model_path)
    assert result.exit_code == 0
    assert rows and all(r["label"] in LABELS for r in rows)
    assert not any("\x07" in r["text"] or "\x1b" in r["text"] for r in rows)


def test_one_bad_file_does_not_stop_the_others(tiny_model_path, tmp_path):
    missing = tmp_path / "missing.txt"
    result, rows = run([str(SEEDS[0]), str(missing), str(SEEDS[2])], tiny_model_path)
    assert result.exit_code == 1
    assert {r["file"] for r in rows} == {str(SEEDS[0]), str(SEEDS[2])}
    assert error_lines(result) == [f"Error: {missing}: no such file"]
    assert "1 of 3 input(s) failed" in result.stderr


# Models --------------------------------------------------------------------------


def predict_with(model_path):
    return CliRunner().invoke(app, ["predict", str(SEEDS[0]), "-m", str(model_path)])


def test_no_model_file(tmp_path):
    result = predict_with(tmp_path / "absent.joblib")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no model at {tmp_path / 'absent.joblib'} — run `stance train`"


def test_truncated_model_file(tiny_model_path, tmp_path):
    broken = tmp_path / "cut.joblib"
    broken.write_bytes(tiny_model_path.read_bytes()[:1000])
    result = predict_with(broken)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {broken} is corrupt or not a model file")


def test_joblib_file_that_is_not_a_model(tmp_path):
    other = tmp_path / "list.joblib"
    joblib.dump([1, 2, 3], other)
    result = predict_with(other)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {other} is a joblib file but not a stance model"


def test_model_from_another_sklearn_version_warns_once(tiny_model_path, tmp_path):
    artifact = joblib.load(tiny_model_path)
    artifact["metadata"]["versions"]["sklearn"] = "1.0.2"
    old = tmp_path / "old.joblib"
    joblib.dump(artifact, old)
    result = CliRunner().invoke(app, ["predict", str(SEEDS[0]), "-m", str(old), "-f", "jsonl"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert "scikit-learn 1.0.2" in warnings[0]


# Arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["predict", "x.txt", "--format", "yaml"], ["train", "--folds", "1"], ["evaluate", "--folds", "99"]]
)
def test_bad_arguments_are_usage_errors(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2


# Properties --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_model(tiny_model_path):
    return load_model(tiny_model_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_gets_one_valid_label_per_statement(tiny_model, text):
    if not text.strip():
        return
    article = predict_text(text, model=tiny_model)
    assert article.summary["statements"] == len(article.predictions)
    for p in article.predictions:
        assert p.label in LABELS
        assert sum(p.probabilities.values()) == pytest.approx(1.0)
        assert 0.0 <= p.confidence <= 1.0
