"""Reading, validating and describing the labelled set of statements.

The set lives in ``data/statements.csv`` (UTF-8, header row). Each row is one
statement with these columns (others, such as ``topic`` or ``shape``, are kept
but not required):

``id``
    Unique identifier.
``text``
    The statement.
``label``
    One of :data:`LABELS`, as defined in ``data/ANNOTATION.md``.
``origin``
    ``seed`` for sentences of the seed articles, ``grown`` for written ones.
``source``
    ``<seed file>:<sentence number>`` for seed rows; for grown rows the id of
    the statement it was grown from, or ``fact:<tag>``.
``group``
    A statement and everything grown from it share a group, so that
    evaluation can keep them in one fold.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from stance.errors import DataError

__all__ = [
    "LABELS",
    "REQUIRED_COLUMNS",
    "STANCE_LABELS",
    "Dataset",
    "Statement",
    "cohen_kappa",
    "default_data_path",
    "load_dataset",
    "near_duplicates",
    "normalize_for_comparison",
]

#: Every label, in the order used for reports and probability columns.
LABELS: tuple[str, ...] = ("success", "failure", "mixed", "none")
#: The three labels that take a stance; F_avg is the macro-F1 over these.
STANCE_LABELS: tuple[str, ...] = ("success", "failure", "mixed")
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "text", "label", "origin", "source", "group")
ORIGINS: tuple[str, ...] = ("seed", "grown")

_SEED_SOURCE = re.compile(r"^(?P<file>[^:\s]+\.txt):(?P<n>[1-9][0-9]*)$")
_FACT_SOURCE = re.compile(r"^fact:[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Statement:
    """One labelled statement, as read from the CSV."""

    id: str
    text: str
    label: str
    origin: str
    source: str
    group: str
    line: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Dataset:
    """A validated labelled set.

    Attributes
    ----------
    statements : list of Statement
        The rows, in file order.
    path : pathlib.Path
        Where they were read from.
    sha256 : str
        Hash of the file's bytes, recorded in the metadata of models trained on it.
    """

    statements: list[Statement]
    path: Path
    sha256: str

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.statements]

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.statements]

    @property
    def groups(self) -> list[str]:
        return [s.group for s in self.statements]

    def __len__(self) -> int:
        return len(self.statements)

    def by_id(self) -> dict[str, Statement]:
        """The statements keyed by id (built once, then reused)."""
        index: dict[str, Statement] | None = self.__dict__.get("_index")
        if index is None:
            index = {s.id: s for s in self.statements}
            object.__setattr__(self, "_index", index)  # a cache on a frozen dataclass
        return index

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts of statements by origin, then label (with ``total`` rows and columns)."""
        table: dict[str, dict[str, int]] = {}
        for origin in (*ORIGINS, "total"):
            row = Counter(s.label for s in self.statements if origin in ("total", s.origin))
            table[origin] = {label: row.get(label, 0) for label in LABELS}
            table[origin]["total"] = sum(row.values())
        return table

    def seed_article(self, statement: Statement) -> str | None:
        """The seed file a statement descends from, following ``source`` links."""
        index = self.by_id()
        seen: set[str] = set()
        current: Statement | None = statement
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.origin == "seed":
                match = _SEED_SOURCE.match(current.source)
                return match.group("file") if match else None
            current = index.get(current.source)
        return None


def default_data_path() -> Path:
    """The labelled set used when no path is given: ``data/statements.csv``.

    Looked up in the current directory first, then in the source checkout the
    package was installed from.
    """
    here = Path("data/statements.csv")
    if here.exists():
        return here
    return Path(__file__).resolve().parent.parent / "data" / "statements.csv"


def _error(path: Path, line: int, message: str) -> DataError:
    return DataError(f"{path}:{line}: {message}")


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read and validate a labelled set.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        CSV file to read; defaults to :func:`default_data_path`.

    Returns
    -------
    Dataset
        The validated statements.

    Raises
    ------
    DataError
        If the file is missing or unreadable, a required column is missing, or
        a row has an empty id or text, a duplicate id, an unknown label or
        origin, a malformed source, a grown row whose source id does not exist,
        or an empty group. The message names the file and line.

    Examples
    --------
    >>> ds = load_dataset()
    >>> sorted(set(ds.labels))
    ['failure', 'mixed', 'none', 'success']
    """
    path = Path(path) if path is not None else default_data_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such data file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _error(path, line, "not valid UTF-8") from None

    reader = csv.DictReader(content.splitlines(keepends=True))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _error(path, 1, f"missing column(s): {', '.join(missing)} (header: {','.join(header)})")

    statements: list[Statement] = []
    first_line: dict[str, int] = {}
    # A record starts on the line after the previous one ended; line_num
    # counts physical lines, so quoted fields with line breaks are handled.
    end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _error(path, reader.line_num, f"malformed CSV ({exc})") from None
        line, end = end + 1, reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise _error(path, line, "wrong number of fields")
        values = {k: (v or "").strip() for k, v in row.items()}
        sid, text, label = values["id"], values["text"], values["label"]
        origin, source, group = values["origin"], values["source"], values["group"]
        if not sid:
            raise _error(path, line, "empty id")
        if sid in first_line:
            raise _error(path, line, f"duplicate id {sid!r} (first on line {first_line[sid]})")
        first_line[sid] = line
        if not text:
            raise _error(path, line, f"empty text for id {sid!r}")
        if label not in LABELS:
            raise _error(path, line, f"unknown label {label!r} (expected one of {', '.join(LABELS)})")
        if origin not in ORIGINS:
            raise _error(path, line, f"unknown origin {origin!r} (expected seed or grown)")
        if not group:
            raise _error(path, line, f"empty group for id {sid!r}")
        if origin == "seed" and not _SEED_SOURCE.match(source):
            raise _error(path, line, f"seed row needs source '<file>.txt:<n>', got {source!r}")
        if origin == "grown" and not source:
            raise _error(path, line, f"grown row {sid!r} has no source")
        extra = {k: v for k, v in values.items() if k not in REQUIRED_COLUMNS}
        statements.append(Statement(sid, text, label, origin, source, group, line, extra))

    for s in statements:
        if s.origin == "grown" and not _FACT_SOURCE.match(s.source) and s.source not in first_line:
            raise _error(path, s.line, f"source {s.source!r} of {s.id!r} is not an id in the file nor fact:<tag>")
    return Dataset(statements, path, hashlib.sha256(raw).hexdigest())


_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalize_for_comparison(text: str) -> str:
    """Lower-case ``text``, drop punctuation and collapse whitespace.

    Examples
    --------
    >>> normalize_for_comparison("  The RESET,   it failed! ")
    'the reset it failed'
    """
    text = text.replace("’", "").replace("'", "")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


def _shingles(text: str, size: int) -> frozenset[tuple[str, ...]]:
    words = normalize_for_comparison(text).split()
    if len(words) < size:
        return frozenset([tuple(words)])
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def near_duplicates(
    statements: Sequence[Statement],
    *,
    threshold: float = 0.7,
    shingle: int = 3,
    allow_contrast_pairs: bool = True,
) -> list[tuple[Statement, Statement, float]]:
    """Find pairs of statements that say the same thing in nearly the same words.

    Two statements are near-duplicates if their normalised texts
    (:func:`normalize_for_comparison`) are equal, or if the Jaccard overlap of
    their word ``shingle``-grams is at least ``threshold``. A contrast pair, two
    statements in one group with different labels (a minimal edit that flips
    the label, see ``data/README.md``), is allowed to overlap as long as the
    texts differ.

    Parameters
    ----------
    statements : sequence of Statement
        The statements to compare.
    threshold : float, default 0.7
        Jaccard overlap at or above which two statements count as duplicates.
    shingle : int, default 3
        Length of the word n-grams compared.
    allow_contrast_pairs : bool, default True
        Whether overlapping contrast pairs are exempt.

    Returns
    -------
    list of (Statement, Statement, float)
        Each offending pair with its overlap, most similar first.
    """
    found: list[tuple[Statement, Statement, float]] = []
    by_norm: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        by_norm[normalize_for_comparison(s.text)].append(s)
    exact = set()
    for same in by_norm.values():
        for a, b in combinations(same, 2):
            found.append((a, b, 1.0))
            exact.add((a.id, b.id))

    sets = [_shingles(s.text, shingle) for s in statements]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        for g in sh:
            index[g].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 1:
            candidates.update(combinations(members, 2))
    for i, j in candidates:
        a, b = statements[i], statements[j]
        if (a.id, b.id) in exact or (b.id, a.id) in exact:
            continue
        overlap = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if overlap < threshold:
            continue
        if allow_contrast_pairs and a.group == b.group and a.label != b.label:
            continue
        found.append((a, b, overlap))
    found.sort(key=lambda t: (-t[2], t[0].id, t[1].id))
    return found


def cohen_kappa(first: Iterable[str], second: Iterable[str]) -> float:
    """Cohen's kappa between two annotators' labels of the same items.

    Examples
    --------
    >>> cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "a"])
    0.5
    """
    a, b = list(first), list(second)
    if len(a) != len(b) or not a:
        raise ValueError("kappa needs two equally long, non-empty label lists")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)


def load_agreement(path: str | Path) -> list[dict[str, str]]:
    """Read a double-annotation file (``id,label_a,label_b,label,note``).

    ``label_a`` is the first annotator's label, ``label_b`` the blind second
    annotator's, ``label`` the adjudicated label that ``statements.csv`` carries.
    """
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    reader = csv.DictReader(content.splitlines(keepends=True))
    missing = [c for c in ("id", "label_a", "label_b", "label") if c not in (reader.fieldnames or [])]
    if missing:
        raise _error(path, 1, f"missing column(s): {', '.join(missing)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        for column in ("label_a", "label_b", "label"):
            if row[column] not in LABELS:
                raise _error(path, line, f"unknown {column} {row[column]!r}")
        rows.append(row)
    return rows


def agreement_report(dataset: Dataset, rows: Sequence[dict[str, str]]) -> dict[str, dict[str, Any]]:
    """Cohen's kappa and confusion between the two annotators, by origin.

    Raises
    ------
    DataError
        If the agreement file names an id that is not in the data set, or its
        adjudicated label differs from the data set's.
    """
    index = dataset.by_id()
    subsets: dict[str, list[dict[str, str]]] = {"seed": [], "grown": [], "all": []}
    for row in rows:
        statement = index.get(row["id"])
        if statement is None:
            raise DataError(f"agreement file names unknown id {row['id']!r}")
        if statement.label != row["label"]:
            raise DataError(
                f"agreement file says {row['id']!r} is {row['label']!r}, {dataset.path} says {statement.label!r}"
            )
        subsets[statement.origin].append(row)
        subsets["all"].append(row)
    report: dict[str, dict[str, Any]] = {}
    for name, items in subsets.items():
        if not items:
            continue
        a = [r["label_a"] for r in items]
        b = [r["label_b"] for r in items]
        confusion = [[sum(1 for x, y in zip(a, b) if x == la and y == lb) for lb in LABELS] for la in LABELS]
        report[name] = {
            "n": len(items),
            "agreement": sum(x == y for x, y in zip(a, b)) / len(items),
            "kappa": cohen_kappa(a, b),
            "confusion_a_rows_b_columns": confusion,
            "adjudicated_changed_from_a": sum(r["label"] != r["label_a"] for r in items),
        }
    return report


def describe(dataset: Dataset, agreement_path: str | Path | None = None) -> dict[str, Any]:
    """Counts, annotator agreement and near-duplicates of a data set.

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    agreement_path : str or pathlib.Path, optional
        Double-annotation file; defaults to ``agreement.csv`` beside the data.

    Returns
    -------
    dict
        ``counts`` (origin → label → n), ``agreement`` (see
        :func:`agreement_report`; empty if there is no file) and
        ``near_duplicates`` (list of ``{a, b, overlap}``).
    """
    path = Path(agreement_path) if agreement_path else dataset.path.parent / "agreement.csv"
    agreement = agreement_report(dataset, load_agreement(path)) if path.exists() else {}
    dupes = [{"a": a.id, "b": b.id, "overlap": round(o, 3)} for a, b, o in near_duplicates(dataset.statements)]
    return {"counts": dataset.counts(), "agreement": agreement, "near_duplicates": dupes}
