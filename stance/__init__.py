"""stance: how English statements portray the 2009 US–Russia "reset".

Each statement gets one label: ``success``, ``failure``, ``mixed`` or ``none``
(see ``data/ANNOTATION.md``). The model is a scikit-learn pipeline of TF-IDF
features and logistic regression, shipped with the package.

>>> import stance
>>> model = stance.load_model()
>>> str(model.predict(["The Senate ratified New START, a major win for the reset."])[0])
'success'
"""

from stance.data import LABELS, STANCE_LABELS, Dataset, Statement, load_dataset
from stance.errors import DataError, InputError, ModelError, ModelVersionWarning, StanceError
from stance.evaluation import evaluate
from stance.model import Prediction, default_model_path, explain_statements, load_artifact, load_model, train
from stance.prediction import Article, overall_stance, predict_file, predict_text, read_text
from stance.text import split_statements

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "STANCE_LABELS",
    "Article",
    "DataError",
    "Dataset",
    "InputError",
    "ModelError",
    "ModelVersionWarning",
    "Prediction",
    "StanceError",
    "Statement",
    "__version__",
    "default_model_path",
    "evaluate",
    "explain_statements",
    "load_artifact",
    "load_dataset",
    "load_model",
    "overall_stance",
    "predict_file",
    "predict_text",
    "read_text",
    "split_statements",
    "train",
]
