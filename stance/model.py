"""Building, training, saving and loading the stance model.

The model is a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`: TF-IDF
features (word n-grams, optionally with character n-grams) and a
:class:`~sklearn.linear_model.LogisticRegression`. On disk it is a joblib file
holding a dictionary with the pipeline and its metadata side by side::

    {"format": "stance-model", "format_version": 1,
     "pipeline": Pipeline(...), "metadata": {...}}

Loading a joblib file runs code stored in it: load only models you trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from stance.data import LABELS, Dataset
from stance.errors import ModelError, ModelVersionWarning

__all__ = [
    "DEFAULT_PARAMS",
    "FORMAT",
    "FORMAT_VERSION",
    "Prediction",
    "build_pipeline",
    "default_model_path",
    "file_sha256",
    "fit_pipeline",
    "load_artifact",
    "load_model",
    "predict_statements",
    "save_model",
    "train",
]

FORMAT = "stance-model"
FORMAT_VERSION = 1

#: Settings used when none are chosen by cross-validation. ``features`` is
#: ``"word"`` (word 1–2-grams) or ``"word+char"`` (plus character 2–5-grams).
DEFAULT_PARAMS: dict[str, Any] = {
    "features": "word",
    "C": 4.0,
    "class_weight": "balanced",
    "sublinear_tf": True,
    "min_df": 1,
    "calibration": "none",
}

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_model_path() -> Path:
    """Path of the shipped model.

    A wheel carries it inside the package (``stance/_resources``); a source
    checkout or editable install uses ``models/stance.joblib`` beside the package.
    """
    packaged = _PACKAGE_DIR / "_resources" / "stance.joblib"
    if packaged.exists():
        return packaged
    return _PACKAGE_DIR.parent / "models" / "stance.joblib"


def build_vectorizer(params: Mapping[str, Any]) -> TfidfVectorizer | FeatureUnion:
    """The TF-IDF feature step for ``params`` (see :data:`DEFAULT_PARAMS`)."""
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        lowercase=True,
        sublinear_tf=bool(params["sublinear_tf"]),
        min_df=int(params["min_df"]),
        token_pattern=r"(?u)\b\w[\w'’-]*\b",
        dtype=np.float32,
    )
    if params["features"] == "word":
        return word
    if params["features"] != "word+char":
        raise ValueError(f"unknown features setting {params['features']!r}")
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        lowercase=True,
        sublinear_tf=bool(params["sublinear_tf"]),
        min_df=max(2, int(params["min_df"])),
        dtype=np.float32,
    )
    return FeatureUnion([("word", word), ("char", char)])


def build_classifier(params: Mapping[str, Any], *, seed: int = 0) -> Any:
    """The classifier step for ``params``: logistic regression, maybe calibrated."""
    logreg = LogisticRegression(
        C=float(params["C"]),
        class_weight=params["class_weight"],
        max_iter=5000,
        random_state=seed,
    )
    calibration = params.get("calibration", "none")
    if calibration == "none":
        return logreg
    return CalibratedClassifierCV(logreg, method=calibration, cv=5)


def build_pipeline(params: Mapping[str, Any] | None = None, *, seed: int = 0) -> Pipeline:
    """Return an unfitted stance pipeline.

    Parameters
    ----------
    params : mapping, optional
        Settings as in :data:`DEFAULT_PARAMS`; missing keys take their default.
    seed : int, default 0
        Random state of the classifier.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (TF-IDF) and ``classifier`` (logistic regression).
    """
    merged = {**DEFAULT_PARAMS, **(params or {})}
    return Pipeline([("features", build_vectorizer(merged)), ("classifier", build_classifier(merged, seed=seed))])


def fit_pipeline(texts: Sequence[str], labels: Sequence[str], params: Mapping[str, Any] | None = None) -> Pipeline:
    """Build a pipeline with ``params`` and fit it on ``texts`` and ``labels``."""
    pipeline = build_pipeline(params)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_metadata(
    dataset: Dataset,
    params: Mapping[str, Any],
    metrics: Mapping[str, Any],
    *,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Metadata saved with a model: what it is, how it was made, how well it did."""
    from stance import __version__

    return {
        "labels": list(LABELS),
        "params": dict(params),
        "cv_metrics": dict(metrics),
        "training_data": {
            "path": str(dataset.path),
            "sha256": dataset.sha256,
            "rows": len(dataset),
            "counts": dataset.counts()["total"],
        },
        "versions": {
            "stance": __version__,
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "joblib": joblib.__version__,
            "python": platform.python_version(),
        },
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **dict(extra or {}),
    }


def save_model(pipeline: Pipeline, metadata: Mapping[str, Any], path: str | Path) -> Path:
    """Write a model atomically: to a temporary file beside ``path``, then rename.

    If anything fails before the rename, the file already at ``path`` (if any)
    is left untouched and the temporary file is removed.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted pipeline.
    metadata : mapping
        Metadata to store beside it.
    path : str or pathlib.Path
        Destination.

    Returns
    -------
    pathlib.Path
        The destination path.

    Raises
    ------
    ModelError
        If the directory cannot be created or the file cannot be written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create directory {path.parent} ({exc.strerror})") from None
    artifact = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pipeline": pipeline,
        "metadata": dict(metadata),
    }
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            joblib.dump(artifact, handle, compress=3)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise ModelError(f"cannot write model to {path} ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path


def load_artifact(path: str | Path | None = None) -> dict[str, Any]:
    """Load a model file and return ``{"pipeline": ..., "metadata": ...}``.

    Loading a joblib file runs code stored in it: load only models you trust.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Model file; defaults to the shipped model (:func:`default_model_path`).

    Returns
    -------
    dict
        ``pipeline`` (fitted :class:`~sklearn.pipeline.Pipeline`), ``metadata``
        (dict, with ``sha256`` of the file added) and ``path``.

    Raises
    ------
    ModelError
        If the file is missing, unreadable, corrupt, or not a stance model.

    Warns
    -----
    ModelVersionWarning
        If the model was saved with another scikit-learn version.
    """
    path = Path(path) if path is not None else default_model_path()
    if not path.exists():
        raise ModelError(f"no model at {path} — run `stance train`")
    if path.is_dir():
        raise ModelError(f"{path} is a directory, not a model file")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            artifact = joblib.load(path)
        except MemoryError:
            raise ModelError(f"{path} is corrupt or not a model file (out of memory while loading)") from None
        except Exception as exc:  # joblib/pickle raise many types on bad files
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"{path} is corrupt or not a model file ({reason[:120]})") from None
    if not isinstance(artifact, dict) or artifact.get("format") != FORMAT:
        raise ModelError(f"{path} is a joblib file but not a stance model")
    pipeline = artifact.get("pipeline")
    metadata = artifact.get("metadata")
    if not isinstance(pipeline, Pipeline) or not isinstance(metadata, dict):
        raise ModelError(f"{path} is a stance model file with missing parts")
    if artifact.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path} has model format {artifact.get('format_version')}, this stance reads {FORMAT_VERSION}"
        )
    saved = metadata.get("versions", {}).get("sklearn")
    if saved and saved != sklearn.__version__:
        warnings.warn(
            f"model {path} was saved with scikit-learn {saved} but {sklearn.__version__} is installed;"
            " predictions may differ — retrain with `stance train`",
            ModelVersionWarning,
            stacklevel=2,
        )
    for warning in caught:
        # sklearn's own version warning is replaced by the one above.
        if type(warning.message).__name__ != "InconsistentVersionWarning":
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    metadata = {**metadata, "sha256": file_sha256(path)}
    return {"pipeline": pipeline, "metadata": metadata, "path": path}


def load_model(path: str | Path | None = None) -> Pipeline:
    """Load a stance model and return its fitted scikit-learn pipeline.

    Loading a joblib file runs code stored in it: load only models you trust.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Model file; defaults to the shipped model.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Use ``predict`` and ``predict_proba`` as with any scikit-learn model;
        ``classes_`` gives the label order of the probability columns.

    Raises
    ------
    ModelError
        If the file is missing, unreadable, corrupt, or not a stance model.

    Examples
    --------
    >>> model = load_model()
    >>> str(model.predict(["Moscow retaliated by banning American adoptions of Russian orphans."])[0])
    'failure'
    """
    return load_artifact(path)["pipeline"]


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one statement."""

    number: int
    text: str
    label: str
    confidence: float
    probabilities: dict[str, float]
    #: The n-grams that pushed most towards ``label``, with their weight
    #: (filled in when explanations are asked for).
    evidence: tuple[tuple[str, float], ...] = ()


def predict_statements(
    pipeline: Pipeline,
    statements: Sequence[str],
    *,
    batch_size: int = 20000,
    progress: Callable[[int], None] | None = None,
    explain: int = 0,
) -> list[Prediction]:
    """Label statements with a fitted pipeline.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted stance pipeline.
    statements : sequence of str
        The statements, in order; they are numbered from 1.
    batch_size : int, default 20000
        Statements scored at a time, to bound memory on huge inputs.
    progress : callable, optional
        Called with the number of statements done after each batch.
    explain : int, default 0
        If positive, attach to each prediction up to this many n-grams that
        pushed most towards its label (see :func:`explain_statements`).

    Returns
    -------
    list of Prediction
        One per statement, with the label, its probability (``confidence``)
        and every label's probability.
    """
    classes = [str(c) for c in pipeline.classes_]
    results: list[Prediction] = []
    for start in range(0, len(statements), batch_size):
        batch = list(statements[start : start + batch_size])
        # Transform once: the same features serve the probabilities and the explanations.
        matrix = pipeline.named_steps["features"].transform(batch)
        proba = pipeline.named_steps["classifier"].predict_proba(matrix)
        best = proba.argmax(axis=1)
        evidence = _explain_matrix(pipeline, matrix, [classes[k] for k in best], top=explain) if explain else None
        for offset, (text, row, top) in enumerate(zip(batch, proba, best)):
            probabilities = {label: float(p) for label, p in zip(classes, row)}
            why = tuple(evidence[offset]) if evidence is not None else ()
            results.append(Prediction(start + offset + 1, text, classes[top], float(row[top]), probabilities, why))
        if progress is not None:
            progress(len(results))
    return results


def linear_weights(classifier: Any) -> np.ndarray:
    """Coefficients (classes × features) of a logistic regression, calibrated or not."""
    if hasattr(classifier, "coef_"):
        return np.asarray(classifier.coef_)
    # CalibratedClassifierCV: average the logistic regressions it holds.
    return np.mean([np.asarray(c.estimator.coef_) for c in classifier.calibrated_classifiers_], axis=0)


def explain_statements(
    pipeline: Pipeline, statements: Sequence[str], labels: Sequence[str] | None = None, *, top: int = 3
) -> list[list[tuple[str, float]]]:
    """The n-grams that pushed each statement most towards a label.

    The model is linear, so its score for a label is a sum over the
    statement's n-grams of TF-IDF value × weight. This returns, for each
    statement, the ``top`` n-grams with the largest positive share of that
    sum, measured against the average over labels (softmax ignores what all
    labels share).

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted stance pipeline.
    statements : sequence of str
        The statements.
    labels : sequence of str, optional
        The label to explain for each statement; defaults to the predicted one.
    top : int, default 3
        How many n-grams to return per statement.

    Returns
    -------
    list of list of (str, float)
        For each statement, n-grams and their contributions, largest first;
        character n-grams are shown in quotes.

    Examples
    --------
    >>> model = load_model()
    >>> words = [w for w, _ in explain_statements(model, ["Moscow banned American adoptions."])[0]]
    >>> "adoptions" in words or "banned" in words
    True
    """
    matrix = pipeline.named_steps["features"].transform(list(statements))
    if labels is None:
        classes = [str(c) for c in pipeline.classes_]
        labels = [classes[k] for k in pipeline.named_steps["classifier"].predict_proba(matrix).argmax(axis=1)]
    return _explain_matrix(pipeline, matrix, labels, top=top)


def _explain_matrix(
    pipeline: Pipeline, matrix: Any, labels: Sequence[str], *, top: int
) -> list[list[tuple[str, float]]]:
    """:func:`explain_statements` on statements already turned into features."""
    features = pipeline.named_steps["features"]
    classifier = pipeline.named_steps["classifier"]
    classes = [str(c) for c in classifier.classes_]
    weights = linear_weights(classifier)
    weights = weights - weights.mean(axis=0, keepdims=True)
    names = [_readable(n) for n in features.get_feature_names_out()]
    matrix = matrix.tocsr()
    explanations = []
    for i, label in enumerate(labels):
        row = matrix.getrow(i)
        contributions = row.data * weights[classes.index(label), row.indices]
        order = np.argsort(-contributions)[:top]
        explanations.append(
            [(names[row.indices[j]], round(float(contributions[j]), 4)) for j in order if contributions[j] > 0]
        )
    return explanations


def _readable(name: str) -> str:
    """A feature name without its FeatureUnion prefix; character n-grams quoted."""
    if name.startswith("char__"):
        return repr(name[len("char__") :])
    return name.removeprefix("word__")


def train(
    data: str | Path | Dataset | None = None,
    out: str | Path | None = None,
    *,
    grid: Mapping[str, Sequence[Any]] | None = None,
    params: Mapping[str, Any] | None = None,
    folds: int = 5,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Choose settings by grouped cross-validation, refit on all data, and save.

    Parameters
    ----------
    data : str, pathlib.Path or Dataset, optional
        The labelled set; defaults to ``data/statements.csv``.
    out : str or pathlib.Path, optional
        Where to write the model; defaults to ``models/stance.joblib``. The
        file is replaced atomically, so a failed run leaves the old model.
    grid : mapping, optional
        Settings to search (see :data:`stance.evaluation.DEFAULT_GRID`).
    params : mapping, optional
        Fixed settings: skip the search and only cross-validate these.
    folds, seed : int
        Grouped cross-validation settings.
    progress : callable, optional
        Called as ``progress(description, done, total)`` during the search.

    Returns
    -------
    dict
        ``path`` of the model, ``params``, cross-validated ``metrics``,
        ``calibration`` comparison, ``search`` results and ``metadata``.

    Raises
    ------
    DataError
        If the data is invalid or a label has fewer rows than ``folds``.
    ModelError
        If the model cannot be written.
    """
    from stance import evaluation
    from stance.data import load_dataset
    from stance.errors import DataError

    dataset = data if isinstance(data, Dataset) else load_dataset(data)
    counts = dataset.counts()["total"]
    scarce = [label for label in LABELS if counts[label] < folds]
    if scarce:
        first = {s.label: s.line for s in reversed(dataset.statements)}
        where = ", ".join(
            f"{label} ({counts[label]} rows" + (f", line {first[label]})" if label in first else ")")
            for label in scarce
        )
        raise DataError(f"{dataset.path}: too few rows for {folds}-fold cross-validation: {where}")
    results: list[dict[str, Any]] = []
    if params is None:
        best, results = evaluation.search(dataset, grid, folds=folds, seed=seed, progress=progress)
    else:
        best = {**DEFAULT_PARAMS, **params}
    calibration = evaluation.calibration_report(dataset, best, folds=folds, seed=seed)
    if params is None or "calibration" not in params:
        best["calibration"] = evaluation.choose_calibration(calibration)
    metrics = evaluation.cross_validate(dataset, best, folds=folds, seed=seed)
    pipeline = fit_pipeline(dataset.texts, dataset.labels, best)
    search_summary: dict[str, Any] = {"combinations": len(results)}
    for r in results:  # best first, so the first of each feature kind is its best
        search_summary.setdefault(f"best_f_avg_{r['features']}", round(r["f_avg"], 4))
    metadata = make_metadata(
        dataset,
        best,
        metrics,
        extra={
            "cv": {"folds": folds, "seed": seed, "splitter": "StratifiedGroupKFold"},
            "search": search_summary,
            "calibration": calibration,
        },
    )
    destination = Path(out) if out is not None else Path("models/stance.joblib")
    save_model(pipeline, metadata, destination)
    return {
        "path": destination,
        "params": best,
        "metrics": metrics,
        "calibration": calibration,
        "search": results,
        "metadata": metadata,
    }
