"""Training, saving and loading models; the shipped model stays fresh."""

from __future__ import annotations

import os
import pickle
import warnings

import joblib
import numpy as np
import pytest
from conftest import DATA, SHIPPED_MODEL, tiny_rows, write_csv

import stance
from stance.data import LABELS, load_dataset
from stance.errors import DataError, ModelError, ModelVersionWarning
from stance.model import (
    build_pipeline,
    default_model_path,
    fit_pipeline,
    load_artifact,
    load_model,
    predict_statements,
    train,
)

FAST = {"features": "word", "C": 10.0, "class_weight": None, "sublinear_tf": True, "min_df": 1}


def test_pipeline_is_plain_sklearn():
    from sklearn.pipeline import Pipeline

    pipeline = build_pipeline({"features": "word+char"})
    assert isinstance(pipeline, Pipeline)
    assert [name for name, _ in pipeline.steps] == ["features", "classifier"]


def test_train_writes_a_loadable_model_with_metadata(tiny_csv, tmp_path):
    out = tmp_path / "m" / "model.joblib"
    result = train(tiny_csv, out, params=FAST, folds=3)
    artifact = load_artifact(out)
    meta = artifact["metadata"]
    assert meta["labels"] == list(LABELS)
    assert meta["params"]["C"] == 10.0
    assert meta["training_data"]["rows"] == 24
    assert meta["training_data"]["sha256"] == load_dataset(tiny_csv).sha256
    assert set(meta["versions"]) >= {"stance", "sklearn", "numpy", "python"}
    assert meta["cv_metrics"]["f_avg"] == pytest.approx(result["metrics"]["f_avg"])
    assert len(meta["sha256"]) == 64
    assert not list(out.parent.glob(".*.tmp"))


def test_search_picks_settings_from_the_grid(tiny_csv, tmp_path):
    grid = {"features": ["word"], "sublinear_tf": [True], "min_df": [1], "C": [1.0, 10.0], "class_weight": [None]}
    seen = []
    result = train(tiny_csv, tmp_path / "m.joblib", grid=grid, folds=3, progress=lambda d, i, n: seen.append((i, n)))
    assert result["params"]["C"] in (1.0, 10.0)
    assert len(result["search"]) == 2
    assert seen[-1] == (6, 6)


def test_training_is_deterministic(tiny_csv, tmp_path):
    a = train(tiny_csv, tmp_path / "a.joblib", params=FAST, folds=3)
    b = train(tiny_csv, tmp_path / "b.joblib", params=FAST, folds=3)
    texts = ["The summit was cancelled.", "They signed the treaty.", "Meeting at noon."]
    pa = load_model(a["path"]).predict_proba(texts)
    pb = load_model(b["path"]).predict_proba(texts)
    assert np.array_equal(pa, pb)


def test_too_few_rows_for_folds_names_the_label(tmp_path):
    rows = [r for r in tiny_rows() if r["label"] != "mixed"] + tiny_rows()[12:14]
    path = write_csv(tmp_path / "few.csv", rows)
    with pytest.raises(DataError, match=r"few.csv: too few rows for 5-fold cross-validation: mixed \(2 rows, line"):
        train(path, tmp_path / "m.joblib", params=FAST)


def test_failed_training_keeps_the_previous_model(tiny_csv, tmp_path):
    out = tmp_path / "model.joblib"
    train(tiny_csv, out, params=FAST, folds=3)
    before = out.read_bytes()
    broken = write_csv(tmp_path / "bad.csv", [{**tiny_rows()[0], "label": "great"}])
    with pytest.raises(DataError):
        train(broken, out, params=FAST, folds=3)
    assert out.read_bytes() == before
    load_model(out)


def test_write_failure_mid_save_keeps_the_previous_model(tiny_csv, tmp_path, monkeypatch):
    out = tmp_path / "model.joblib"
    train(tiny_csv, out, params=FAST, folds=3)
    before = out.read_bytes()

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stance.model.joblib.dump", explode)
    with pytest.raises(ModelError, match=r"cannot write model to .*No space left on device"):
        train(tiny_csv, out, params=FAST, folds=3)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_model_says_run_train(tmp_path):
    with pytest.raises(ModelError, match=r"no model at .*absent.joblib — run `stance train`"):
        load_model(tmp_path / "absent.joblib")


def test_truncated_model_is_a_clear_error(tiny_model_path, tmp_path):
    broken = tmp_path / "truncated.joblib"
    broken.write_bytes(tiny_model_path.read_bytes()[:200])
    with pytest.raises(ModelError, match=r"truncated\.joblib is corrupt or not a model file"):
        load_model(broken)


def test_garbage_model_is_a_clear_error(tmp_path):
    broken = tmp_path / "garbage.joblib"
    broken.write_bytes(os.urandom(4096))
    with pytest.raises(ModelError, match="corrupt or not a model file"):
        load_model(broken)


def test_joblib_file_that_is_not_a_stance_model(tmp_path):
    other = tmp_path / "other.joblib"
    joblib.dump({"weights": [1, 2, 3]}, other)
    with pytest.raises(ModelError, match="is a joblib file but not a stance model"):
        load_model(other)


def test_other_sklearn_version_gives_one_clear_warning(tiny_model_path, tmp_path):
    artifact = joblib.load(tiny_model_path)
    artifact["metadata"]["versions"]["sklearn"] = "0.24.2"
    old = tmp_path / "old.joblib"
    joblib.dump(artifact, old)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_model(old)
    messages = [str(w.message) for w in caught if issubclass(w.category, ModelVersionWarning)]
    assert len(messages) == 1
    assert "scikit-learn 0.24.2" in messages[0]
    import sklearn

    assert sklearn.__version__ in messages[0]


def test_predict_statements_gives_valid_probabilities(tiny_model_path):
    model = load_model(tiny_model_path)
    results = predict_statements(model, ["The treaty was ratified.", "Meeting at noon.", ""], batch_size=2)
    assert [r.number for r in results] == [1, 2, 3]
    for r in results:
        assert r.label in LABELS
        assert sum(r.probabilities.values()) == pytest.approx(1.0)
        assert r.confidence == max(r.probabilities.values())


# The shipped model -----------------------------------------------------------


def test_default_model_is_the_shipped_one():
    assert default_model_path().read_bytes() == SHIPPED_MODEL.read_bytes()


def test_shipped_model_is_small():
    assert SHIPPED_MODEL.stat().st_size < 5 * 1024 * 1024


def test_shipped_model_matches_a_retrain_on_the_shipped_data():
    artifact = load_artifact(SHIPPED_MODEL)
    dataset = load_dataset(DATA)
    assert artifact["metadata"]["training_data"]["sha256"] == dataset.sha256, "data changed: run `stance train`"
    retrained = fit_pipeline(dataset.texts, dataset.labels, artifact["metadata"]["params"])
    shipped_pred = artifact["pipeline"].predict(dataset.texts)
    assert list(retrained.predict(dataset.texts)) == list(shipped_pred)


OBVIOUS = [
    (
        "Three years on, the reset has delivered a new arms treaty and a working supply route into Afghanistan.",
        "success",
    ),
    ("The reset is dead: Moscow has expelled American diplomats and cancelled every joint program.", "failure"),
    ("The two governments cooperate closely on Iran, but on Syria they could hardly be further apart.", "mixed"),
    ("The delegation's flight lands in Moscow at 9 a.m. local time on Tuesday.", "none"),
    ("Senators from both parties praised the treaty as a triumph of the improved relationship with Russia.", "success"),
    ("Relations between Washington and Moscow have sunk to their lowest point since the Cold War.", "failure"),
]


@pytest.mark.parametrize(("text", "label"), OBVIOUS)
def test_shipped_model_gets_obvious_statements_right(text, label):
    assert str(stance.load_model().predict([text])[0]) == label


def test_pickle_protocol_is_plain_joblib(tiny_model_path):
    # The artifact is a dict, loadable by joblib alone, with the pipeline and metadata side by side.
    artifact = joblib.load(tiny_model_path)
    assert set(artifact) == {"format", "format_version", "pipeline", "metadata"}
    assert pickle.HIGHEST_PROTOCOL >= 4


def test_explanations_add_up_to_the_models_score(tiny_model_path):
    from stance.model import explain_statements

    model = load_model(tiny_model_path)
    texts = ["Moscow banned the adoptions and the summit was cancelled.", "The ministers meet in Geneva."]
    classifier = model.named_steps["classifier"]
    scores = classifier.decision_function(model.named_steps["features"].transform(texts))
    centred = scores - scores.mean(axis=1, keepdims=True)
    bias = classifier.intercept_ - classifier.intercept_.mean()
    labels = [str(c) for c in classifier.classes_]
    for i, evidence in enumerate(explain_statements(model, texts, labels=["failure", "none"], top=1000)):
        k = labels.index(["failure", "none"][i])
        weights = [w for _, w in evidence]
        assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
        for ngram, _ in evidence:
            assert ngram in texts[i].lower()
        # positive contributions alone bound the centred score from above
        assert sum(weights) + bias[k] >= centred[i, k] - 1e-3


def test_explanations_are_the_top_n_and_follow_the_prediction(tiny_model_path):
    from stance.model import explain_statements

    model = load_model(tiny_model_path)
    text = "Moscow banned the adoptions in retaliation."
    short = explain_statements(model, [text], top=2)[0]
    full = explain_statements(model, [text], top=100)[0]
    assert short == full[:2]
    predicted = str(model.predict([text])[0])
    assert explain_statements(model, [text], labels=[predicted], top=100)[0] == full
