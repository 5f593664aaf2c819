"""Measuring the model: grouped cross-validation, leave-one-article-out, baselines.

The headline metric is **F_avg**, the macro-F1 over the three stance labels
(success, failure, mixed) computed on four-way predictions, as in SemEval-2016
task 6 extended to three classes: predicting ``none`` for a stance-bearing
statement costs recall, and predicting a stance for a ``none`` statement costs
precision.

Every split keeps a statement's ``group`` (the statement and everything grown
from it) on one side, so a paraphrase never sits in training while its
original is tested.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise, product
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from stance.data import LABELS, STANCE_LABELS, Dataset, Statement
from stance.model import build_classifier, build_pipeline, build_vectorizer, linear_weights

__all__ = [
    "DEFAULT_GRID",
    "LexiconBaseline",
    "MajorityBaseline",
    "calibration_report",
    "cross_validate",
    "evaluate",
    "expected_calibration_error",
    "f_avg",
    "grouped_folds",
    "learning_curve",
    "leave_one_article_out",
    "score",
    "search",
]

#: The settings ``stance train`` searches over.
DEFAULT_GRID: dict[str, list[Any]] = {
    "features": ["word", "word+char"],
    "sublinear_tf": [True, False],
    "min_df": [1, 2],
    "C": [0.5, 2.0, 8.0, 32.0],
    "class_weight": [None, "balanced"],
}

Progress = Callable[[str, int, int], None]


def f_avg(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """Macro-F1 over success, failure and mixed, on four-way predictions.

    Examples
    --------
    >>> f_avg(["success", "failure", "mixed", "none"], ["success", "failure", "none", "none"])
    0.6666666666666666
    >>> f_avg(["success", "failure"], ["success", "failure"])  # no mixed anywhere: not averaged in
    1.0
    """
    # A label that is neither true nor predicted anywhere has no F1; it is left
    # out of the average rather than counted as 0 (an article with no mixed
    # statement is not penalised for correctly predicting none).
    value = f1_score(y_true, y_pred, labels=list(STANCE_LABELS), average="macro", zero_division=np.nan)
    return 0.0 if np.isnan(value) else float(value)


def expected_calibration_error(
    y_true: Sequence[str], proba: np.ndarray, classes: Sequence[str], *, bins: int = 10
) -> float:
    """Expected calibration error of the top-label confidence.

    The confidences are put in ``bins`` equal-width bins; the error is the
    average gap between confidence and accuracy, weighted by bin size.
    """
    proba = np.asarray(proba)
    top = proba.argmax(axis=1)
    confidence = proba.max(axis=1)
    correct = np.array([classes[i] == t for i, t in zip(top, y_true)], dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in pairwise(edges):
        inside = (confidence > lo) & (confidence <= hi)
        if inside.any():
            ece += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(ece)


def score(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    proba: np.ndarray | None = None,
    classes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """All the figures reported for one set of predictions.

    Returns
    -------
    dict
        ``f_avg``, ``accuracy``, ``n``, ``per_label`` (precision, recall, f1,
        support for each of :data:`~stance.data.LABELS`), ``confusion`` (rows:
        true label, columns: predicted, both in :data:`~stance.data.LABELS`
        order) and, when probabilities are given, ``ece``.
    """
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    result: dict[str, Any] = {
        "f_avg": f_avg(y_true, y_pred),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "n": len(y_true),
        "per_label": {
            label: {
                "precision": float(p),
                "recall": float(r),
                "f1": float(f),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }
    if proba is not None and classes is not None:
        result["ece"] = expected_calibration_error(y_true, proba, classes)
    return result


def bootstrap_interval(
    y_true: Sequence[str], y_pred: Sequence[str], *, rounds: int = 1000, level: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of F_avg, resampling statements.

    On a test set as small as the seed articles the interval is wide; it is
    reported so that differences inside it are not read as real.

    Examples
    --------
    >>> low, high = bootstrap_interval(["success", "failure"] * 20, ["success", "failure"] * 20)
    >>> (low, high)
    (1.0, 1.0)
    """
    truth = np.asarray(y_true, dtype=object)
    pred = np.asarray(y_pred, dtype=object)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(rounds):
        sample = rng.integers(0, len(truth), len(truth))
        values.append(f_avg(list(truth[sample]), list(pred[sample])))
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


def grouped_folds(dataset: Dataset, *, folds: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs that keep each group in one fold, stratified by label."""
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    placeholder = np.zeros(len(dataset))
    return list(splitter.split(placeholder, dataset.labels, dataset.groups))


def _oof(
    texts: Sequence[str],
    labels: Sequence[str],
    splits: Iterable[tuple[np.ndarray, np.ndarray]],
    make: Callable[[], Any],
) -> tuple[list[str], np.ndarray, list[str]]:
    """Out-of-fold predictions and probabilities for an estimator factory."""
    texts_arr = np.asarray(texts, dtype=object)
    labels_arr = np.asarray(labels, dtype=object)
    pred = np.empty(len(texts), dtype=object)
    proba = np.zeros((len(texts), len(LABELS)))
    for train_idx, test_idx in splits:
        model = make()
        model.fit(list(texts_arr[train_idx]), list(labels_arr[train_idx]))
        pred[test_idx] = model.predict(list(texts_arr[test_idx]))
        columns = np.array([LABELS.index(str(c)) for c in model.classes_])
        proba[np.ix_(test_idx, columns)] = model.predict_proba(list(texts_arr[test_idx]))
    return [str(p) for p in pred], proba, list(LABELS)


def cross_validate(
    dataset: Dataset,
    params: Mapping[str, Any] | None = None,
    *,
    folds: int = 5,
    seed: int = 0,
    estimator: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Grouped cross-validation of a configuration (or any estimator factory).

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    params : mapping, optional
        Pipeline settings (see :data:`stance.model.DEFAULT_PARAMS`).
    folds : int, default 5
        Number of folds.
    seed : int, default 0
        Seed of the fold assignment.
    estimator : callable, optional
        Factory of an unfitted estimator to use instead of the pipeline.

    Returns
    -------
    dict
        The figures of :func:`score` on the pooled out-of-fold predictions.
    """
    make = estimator or (lambda: build_pipeline(params))
    pred, proba, classes = _oof(dataset.texts, dataset.labels, grouped_folds(dataset, folds=folds, seed=seed), make)
    return score(dataset.labels, pred, proba, classes)


def search(
    dataset: Dataset,
    grid: Mapping[str, Sequence[Any]] | None = None,
    *,
    folds: int = 5,
    seed: int = 0,
    progress: Progress | None = None,
    char_gain: float = 0.02,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Choose pipeline settings by grouped cross-validated F_avg.

    Features are computed once per fold and feature setting, then shared by
    every classifier setting, which gives the same result as refitting the
    whole pipeline for each combination at a fraction of the cost.

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    grid : mapping of str to sequence, optional
        Values to try for ``features``, ``sublinear_tf``, ``min_df``, ``C`` and
        ``class_weight``; defaults to :data:`DEFAULT_GRID`.
    folds, seed : int
        As in :func:`cross_validate`.
    progress : callable, optional
        Called as ``progress(description, done, total)`` after each fit.
    char_gain : float, default 0.02
        Character n-grams make prediction several times slower; they are
        chosen only if the best setting with them beats the best word-only
        setting by at least this much F_avg.

    Returns
    -------
    best : dict
        The winning settings (ties go to the faster and simpler setting).
    results : list of dict
        Every combination with its ``f_avg`` and ``accuracy``, best first.
    """
    grid = {**DEFAULT_GRID, **(grid or {})}
    splits = grouped_folds(dataset, folds=folds, seed=seed)
    texts = np.asarray(dataset.texts, dtype=object)
    labels = np.asarray(dataset.labels, dtype=object)
    vec_keys = ("features", "sublinear_tf", "min_df")
    clf_keys = ("C", "class_weight")
    vec_settings = [dict(zip(vec_keys, v)) for v in product(*(grid[k] for k in vec_keys))]
    clf_settings = [dict(zip(clf_keys, v)) for v in product(*(grid[k] for k in clf_keys))]
    total = len(vec_settings) * len(clf_settings) * len(splits)
    done = 0
    predictions: dict[int, np.ndarray] = {}
    combos: list[dict[str, Any]] = []
    for vec in vec_settings:
        base = len(combos)
        for clf in clf_settings:
            combos.append({**vec, **clf, "calibration": "none"})
            predictions[len(combos) - 1] = np.empty(len(dataset), dtype=object)
        for train_idx, test_idx in splits:
            vectorizer = build_vectorizer(vec)
            x_train = vectorizer.fit_transform(list(texts[train_idx]))
            x_test = vectorizer.transform(list(texts[test_idx]))
            for offset, clf in enumerate(clf_settings):
                classifier = build_classifier({**clf, "calibration": "none"})
                classifier.fit(x_train, list(labels[train_idx]))
                predictions[base + offset][test_idx] = classifier.predict(x_test)
                done += 1
                if progress is not None:
                    progress(_describe(combos[base + offset]), done, total)
    results = []
    for i, combo in enumerate(combos):
        pred = [str(p) for p in predictions[i]]
        results.append(
            {**combo, "f_avg": f_avg(dataset.labels, pred), "accuracy": float(accuracy_score(dataset.labels, pred))}
        )

    def rank(r: dict[str, Any]) -> tuple[float, ...]:
        # Round so that differences below half a point of F_avg go to the
        # cheaper setting: word features, then larger min_df, then smaller C.
        return (-round(r["f_avg"], 3), r["features"] != "word", -r["min_df"], r["C"])

    results.sort(key=rank)
    winner = results[0]
    word_only = [r for r in results if r["features"] == "word"]
    if word_only and winner["f_avg"] - word_only[0]["f_avg"] < char_gain:
        winner = word_only[0]
    best = {k: winner[k] for k in (*vec_keys, *clf_keys, "calibration")}
    return best, results


def _describe(params: Mapping[str, Any]) -> str:
    return (
        f"{params['features']}, C={params['C']}, class_weight={params['class_weight']}, "
        f"sublinear_tf={params['sublinear_tf']}, min_df={params['min_df']}"
    )


def _article_members(dataset: Dataset) -> dict[str, set[str]]:
    """For each seed article, the ids of its sentences and of all that descends from them."""
    members: dict[str, set[str]] = {}
    for statement in dataset.statements:
        article = dataset.seed_article(statement)
        if article is not None:
            members.setdefault(article, set()).add(statement.id)
    # Whole groups go with their article, so a contrast edit of a grown
    # statement is held out with it.
    group_of: dict[str, str] = {s.id: s.group for s in dataset.statements}
    for ids in members.values():
        groups = {group_of[i] for i in ids}
        ids.update(s.id for s in dataset.statements if s.group in groups)
    return members


def leave_one_article_out(
    dataset: Dataset,
    params: Mapping[str, Any] | None = None,
    *,
    estimator: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Train without one seed article and all grown from it; test on its real sentences.

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    params : mapping, optional
        Pipeline settings.
    estimator : callable, optional
        Factory of an unfitted estimator to use instead of the pipeline.

    Returns
    -------
    dict
        ``articles``: for each seed file, the figures of :func:`score` on its
        seed sentences; ``pooled``: the same over all held-out seed sentences.
    """
    make = estimator or (lambda: build_pipeline(params))
    members = _article_members(dataset)
    parts = {
        article: (
            [s for s in dataset.statements if s.id not in held],
            [s for s in dataset.statements if s.origin == "seed" and s.id in held],
        )
        for article, held in sorted(members.items())
    }
    per_article, pooled = _hold_out(parts, make)
    return {"articles": per_article, "pooled": pooled}


def _hold_out(
    parts: Mapping[str, tuple[list[Statement], list[Statement]]], make: Callable[[], Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit on each part's training statements, score on its test statements, and pool."""
    per_part: dict[str, Any] = {}
    all_true: list[str] = []
    all_pred: list[str] = []
    all_proba: list[np.ndarray] = []
    for name, (train, test) in parts.items():
        model = make()
        model.fit([s.text for s in train], [s.label for s in train])
        pred = [str(p) for p in model.predict([s.text for s in test])]
        proba = _full_proba(model, [s.text for s in test])
        truth = [s.label for s in test]
        per_part[name] = score(truth, pred, proba, LABELS)
        all_true += truth
        all_pred += pred
        all_proba.append(proba)
    pooled = score(all_true, all_pred, np.vstack(all_proba) if all_proba else None, LABELS)
    if all_true:
        pooled["f_avg_interval"] = list(bootstrap_interval(all_true, all_pred))
    return per_part, pooled


def leave_one_writer_out(
    dataset: Dataset,
    params: Mapping[str, Any] | None = None,
    *,
    estimator: Callable[[], Any] | None = None,
) -> dict[str, Any] | None:
    """Train without one writer's grown statements; test on them.

    The grown statements were written by several independent writer
    sessions (the ``writer`` column). Holding each one out in turn measures
    how well the model carries over to a voice it has not seen; seed rows
    always stay in training.

    Parameters
    ----------
    dataset : Dataset
        The labelled set, with a ``writer`` column.
    params : mapping, optional
        Pipeline settings.
    estimator : callable, optional
        Factory of an unfitted estimator to use instead of the pipeline.

    Returns
    -------
    dict or None
        ``writers`` (writer → figures of :func:`score`) and ``pooled``; None
        if the data has no ``writer`` column.
    """
    writers = [s.extra.get("writer", "") for s in dataset.statements]
    grown_writers = sorted({w for w, s in zip(writers, dataset.statements) if w and s.origin == "grown"})
    if not grown_writers:
        return None
    make = estimator or (lambda: build_pipeline(params))
    parts = {}
    for writer in grown_writers:
        held = {i for i, (w, s) in enumerate(zip(writers, dataset.statements)) if w == writer and s.origin == "grown"}
        held_groups = {dataset.statements[i].group for i in held}
        train = [
            s
            for i, s in enumerate(dataset.statements)
            if i not in held and (s.origin == "seed" or s.group not in held_groups)
        ]
        parts[writer] = (train, [dataset.statements[i] for i in sorted(held)])
    per_writer, pooled = _hold_out(parts, make)
    return {"writers": per_writer, "pooled": pooled}


def _full_proba(model: Any, texts: list[str]) -> np.ndarray:
    proba = np.zeros((len(texts), len(LABELS)))
    columns = [LABELS.index(str(c)) for c in model.classes_]
    proba[:, columns] = model.predict_proba(texts)
    return proba


class MajorityBaseline(ClassifierMixin, BaseEstimator):
    """Predicts the most frequent training label for every statement."""

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> MajorityBaseline:
        values, counts = np.unique(np.asarray(labels, dtype=object), return_counts=True)
        self.classes_ = values
        self.prior_ = counts / counts.sum()
        self.label_ = values[counts.argmax()]
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.label_] * len(texts), dtype=object)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.tile(self.prior_, (len(texts), 1))


#: A small sentiment lexicon of our own, for the lexicon baseline.
POSITIVE_WORDS = frozenset(
    """
    success successful succeeded succeed achievement achievements achieved agree agreed
    agreement benefit benefits beneficial cooperate cooperation cooperating cooperative progress
    positive improve improved improving warm warmer warmth partner partnership breakthrough
    productive constructive friendly fruitful good better best signed ratified welcome welcomed
    helpful strengthen strengthened gains win deal accord trust united thaw friendship delivered
    """.split()
)
NEGATIVE_WORDS = frozenset(
    """
    fail failed failure failing collapse collapsed dead over worse worst tension tensions
    dispute disputes disagree disagreement disagreements differences row clash hostile hostility
    foe enemy threat threatened threatens retaliate retaliated retaliation ban banned expel
    expelled sanctions veto vetoed blocked scrapped cancelled canceled strained cold chill
    freeze frozen crisis accuse accused criticize criticized condemn condemned mistrust
    suspended undermine undermined naive negative loggerheads rift setback broke broken
    """.split()
)
_WORD = re.compile(r"[a-z]+")


class LexiconBaseline(ClassifierMixin, BaseEstimator):
    """Positive words → success, negative → failure, both → mixed, neither → none."""

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> LexiconBaseline:
        self.classes_ = np.array(LABELS, dtype=object)
        return self

    @staticmethod
    def _label(text: str) -> str:
        words = set(_WORD.findall(text.lower()))
        pos, neg = bool(words & POSITIVE_WORDS), bool(words & NEGATIVE_WORDS)
        if pos and neg:
            return "mixed"
        return "success" if pos else "failure" if neg else "none"

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._label(t) for t in texts], dtype=object)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        pred = self.predict(texts)
        return np.array([[1.0 if label == p else 0.0 for label in LABELS] for p in pred])


BASELINES: dict[str, Callable[[], Any]] = {"majority": MajorityBaseline, "lexicon": LexiconBaseline}


def calibration_report(
    dataset: Dataset,
    params: Mapping[str, Any],
    *,
    methods: Sequence[str] = ("none", "sigmoid", "isotonic"),
    folds: int = 5,
    seed: int = 0,
) -> dict[str, dict[str, float]]:
    """Grouped-CV F_avg and expected calibration error for each calibration method."""
    report = {}
    for method in methods:
        try:
            result = cross_validate(dataset, {**params, "calibration": method}, folds=folds, seed=seed)
        except ValueError:
            if method == "none":
                raise
            continue  # too few rows per label for the calibrator's inner folds
        report[method] = {"f_avg": result["f_avg"], "accuracy": result["accuracy"], "ece": result["ece"]}
    return report


def choose_calibration(report: Mapping[str, Mapping[str, float]], *, tolerance: float = 0.01) -> str:
    """The best-calibrated method whose F_avg is within ``tolerance`` of uncalibrated."""
    floor = report["none"]["f_avg"] - tolerance
    eligible = [m for m, r in report.items() if r["f_avg"] >= floor]
    return min(eligible, key=lambda m: (round(report[m]["ece"], 3), m != "none"))


def _subset(dataset: Dataset, keep: Callable[[Statement], bool]) -> Dataset:
    return Dataset([s for s in dataset.statements if keep(s)], dataset.path, dataset.sha256)


def learning_curve(
    dataset: Dataset,
    params: Mapping[str, Any],
    *,
    fractions: Sequence[float] = (0.25, 0.5, 0.75, 1.0),
    folds: int = 5,
    seed: int = 0,
) -> list[dict[str, float]]:
    """F_avg under grouped CV and leave-one-article-out with a share of the grown data.

    The grown statements are sampled a group at a time (a group's grown
    members go in or out together); the seed sentences are always kept. The
    CV figure is measured on the subset itself.
    """
    rng = np.random.default_rng(seed)
    grown_groups = sorted({s.group for s in dataset.statements if s.origin == "grown"})
    order = list(rng.permutation(grown_groups))
    curve = []
    for fraction in fractions:
        chosen = set(order[: math.ceil(fraction * len(order))])

        def keep(statement: Statement, chosen: set[str] = chosen) -> bool:
            return statement.origin == "seed" or statement.group in chosen

        subset = _subset(dataset, keep)
        cv = cross_validate(subset, params, folds=folds, seed=seed)
        loao = leave_one_article_out(subset, params)
        curve.append(
            {
                "fraction": float(fraction),
                "rows": len(subset),
                "cv_f_avg": cv["f_avg"],
                "loao_f_avg": loao["pooled"]["f_avg"],
            }
        )
    return curve


def evaluate(
    dataset: Dataset,
    params: Mapping[str, Any],
    *,
    folds: int = 5,
    seed: int = 0,
    calibration: bool = True,
    curve: bool = False,
) -> dict[str, Any]:
    """The full report: grouped CV and leave-one-article-out, model and baselines.

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    params : mapping
        Pipeline settings of the model to evaluate.
    folds, seed : int
        Grouped cross-validation settings.
    calibration : bool, default True
        Also compare calibration methods (see :func:`calibration_report`).
    curve : bool, default False
        Also compute the :func:`learning_curve` (slow).

    Returns
    -------
    dict
        ``params``; ``cross_validation`` and ``leave_one_article_out``, each
        mapping ``model``, ``majority`` and ``lexicon`` to their figures;
        ``leave_one_writer_out`` for the model (if the data names writers);
        optionally ``calibration`` and ``learning_curve``.
    """
    makers: dict[str, Callable[[], Any]] = {"model": lambda: build_pipeline(params), **BASELINES}
    report: dict[str, Any] = {"params": dict(params), "rows": len(dataset), "folds": folds}
    report["cross_validation"] = {
        name: cross_validate(dataset, folds=folds, seed=seed, estimator=make) for name, make in makers.items()
    }
    report["leave_one_article_out"] = {
        name: leave_one_article_out(dataset, estimator=make) for name, make in makers.items()
    }
    by_writer = leave_one_writer_out(dataset, params)
    if by_writer is not None:
        report["leave_one_writer_out"] = by_writer
    if calibration:
        report["calibration"] = calibration_report(dataset, params, folds=folds, seed=seed)
    if curve:
        report["learning_curve"] = learning_curve(dataset, params, folds=folds, seed=seed)
    return report


def label_word_spread(dataset: Dataset, pipeline: Any, *, top: int = 30) -> list[dict[str, Any]]:
    """How the most label-predictive word n-grams are spread over the labels.

    For the ``top`` word n-grams with the largest coefficients (over all
    labels) in a fitted word-feature pipeline, count the statements that
    contain each one, per label. An n-gram that occurs under one label only is
    a likely template leak (``data/README.md``, "Spread the label words").

    Parameters
    ----------
    dataset : Dataset
        The labelled set.
    pipeline : sklearn.pipeline.Pipeline
        A fitted stance pipeline with word features and a logistic regression.
    top : int, default 30
        Number of n-grams to report.

    Returns
    -------
    list of dict
        ``ngram``, the ``label`` it predicts, its ``weight``, and ``counts``
        (label → number of statements containing it), strongest first.
    """
    features = pipeline.named_steps["features"]
    word = features.transformer_list[0][1] if hasattr(features, "transformer_list") else features
    classifier = pipeline.named_steps["classifier"]
    names = word.get_feature_names_out()
    # Word features come first in a word+char union.
    coef = linear_weights(classifier)[:, : len(names)]
    order = np.argsort(-coef.max(axis=0))[:top]
    analyzer = word.build_analyzer()
    grams = [set(analyzer(text)) for text in dataset.texts]
    spread = []
    for j in order:
        ngram = str(names[j])
        counts = {label: 0 for label in LABELS}
        for present, label in zip(grams, dataset.labels):
            if ngram in present:
                counts[label] += 1
        k = int(coef[:, j].argmax())
        spread.append(
            {"ngram": ngram, "label": str(classifier.classes_[k]), "weight": float(coef[k, j]), "counts": counts}
        )
    return spread
