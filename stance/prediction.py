"""Reading articles from disk and labelling their statements.

Text files are read as UTF-8 (a byte-order mark is fine, and UTF-16 with a
byte-order mark is recognised). A file that is not valid UTF-8 is decoded as
Windows-1252, the usual encoding of such files in news archives, with a
warning, falling back to Latin-1 for the few bytes Windows-1252 leaves
undefined. A file containing NUL bytes, or that is mostly not printable, is
refused as binary.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from stance.data import LABELS, STANCE_LABELS
from stance.errors import InputError
from stance.model import Prediction, load_model, predict_statements
from stance.text import is_mostly_text, split_lines, split_statements

__all__ = ["Article", "overall_stance", "predict_file", "predict_text", "read_text", "summarize"]


def read_text(path: str | Path) -> tuple[str, list[str]]:
    """Read a text file for prediction.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    text : str
        The decoded text.
    warnings : list of str
        Messages about how it was decoded (empty for clean UTF-8).

    Raises
    ------
    InputError
        If the file is missing, a directory, unreadable, binary, or holds
        nothing but whitespace.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_text(raw, str(path))


def decode_text(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Decode bytes read from ``name`` as :func:`read_text` does."""
    notes: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    else:
        if b"\x00" in raw:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            try:
                text = raw.decode("cp1252")
                encoding = "Windows-1252"
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
                encoding = "Latin-1"
            notes.append(f"{name}: not valid UTF-8 (byte {exc.start}); decoded as {encoding}")
    if not text.strip():
        raise InputError(f"{name}: empty file, no statements to label")
    if not is_mostly_text(text):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text, notes


def overall_stance(counts: dict[str, int]) -> str:
    """An article's overall stance from its per-label counts.

    The most frequent of success, failure and mixed among the statements that
    take a stance; a tie for the top is ``mixed``; with no stance-bearing
    statements the answer is ``none``.

    Parameters
    ----------
    counts : dict of str to int
        Number of statements per label; missing labels count as zero.

    Returns
    -------
    str
        One of success, failure, mixed or none.

    Examples
    --------
    >>> overall_stance({"success": 4, "failure": 2, "mixed": 1, "none": 9})
    'success'
    >>> overall_stance({"success": 3, "failure": 3, "mixed": 0, "none": 1})
    'mixed'
    >>> overall_stance({"none": 5})
    'none'
    """
    stance_counts = {label: counts.get(label, 0) for label in STANCE_LABELS}
    top = max(stance_counts.values())
    if top == 0:
        return "none"
    leaders = [label for label, n in stance_counts.items() if n == top]
    return leaders[0] if len(leaders) == 1 else "mixed"


def summarize(predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Counts per label, the number of statements and the overall stance."""
    counts = Counter(p.label for p in predictions)
    table = {label: counts.get(label, 0) for label in LABELS}
    return {"statements": len(predictions), "counts": table, "overall": overall_stance(table)}


@dataclass
class Article:
    """The predictions for one input and their summary."""

    name: str
    predictions: list[Prediction]
    summary: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def predict_text(
    text: str,
    *,
    model: Pipeline | None = None,
    lines: bool = False,
    name: str = "<text>",
    explain: int = 0,
) -> Article:
    """Split text into statements and label each one.

    Parameters
    ----------
    text : str
        An article, or one statement per line if ``lines``.
    model : sklearn.pipeline.Pipeline, optional
        A fitted stance pipeline; defaults to the shipped model.
    lines : bool, default False
        Treat each non-blank line as one statement instead of splitting sentences.
    name : str
        A name for the input, carried into the result.
    explain : int, default 0
        If positive, give each prediction up to this many n-grams that pushed
        most towards its label (``Prediction.evidence``).

    Returns
    -------
    Article
        Predictions in reading order and their summary.

    Examples
    --------
    >>> article = predict_text("Moscow expelled USAID. The Senate ratified New START.")
    >>> [p.text for p in article.predictions]
    ['Moscow expelled USAID.', 'The Senate ratified New START.']
    >>> article.summary["statements"]
    2
    """
    model = model if model is not None else load_model()
    statements = split_lines(text) if lines else split_statements(text)
    predictions = predict_statements(model, statements, explain=explain)
    return Article(name, predictions, summarize(predictions))


def predict_file(path: str | Path, *, model: Pipeline | None = None, lines: bool = False, explain: int = 0) -> Article:
    """Read a text file and label its statements.

    Parameters
    ----------
    path : str or pathlib.Path
        The file (see :func:`read_text` for encodings).
    model : sklearn.pipeline.Pipeline, optional
        A fitted stance pipeline; defaults to the shipped model.
    lines : bool, default False
        One statement per line instead of sentence splitting.
    explain : int, default 0
        If positive, attach the n-grams behind each label (see :func:`predict_text`).

    Returns
    -------
    Article
        Predictions, summary, and any decoding warnings.

    Raises
    ------
    InputError
        If the file cannot be read as text.
    """
    text, notes = read_text(path)
    article = predict_text(text, model=model, lines=lines, name=str(path), explain=explain)
    article.warnings.extend(notes)
    return article
