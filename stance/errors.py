"""Exceptions that users of :mod:`stance` can catch.

Every error the library raises on purpose derives from :class:`StanceError`, and
also from the built-in exception a caller would expect, so ``except ValueError``
works as well as ``except stance.DataError``.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "InputError",
    "ModelError",
    "ModelVersionWarning",
    "StanceError",
]


class StanceError(Exception):
    """Base class of every error raised on purpose by :mod:`stance`."""


class DataError(StanceError, ValueError):
    """The labelled data set is missing, malformed or inconsistent."""


class InputError(StanceError, ValueError):
    """A file given for prediction cannot be read as text."""


class ModelError(StanceError, OSError):
    """A model file is missing, unreadable, corrupt or not a stance model."""


class ModelVersionWarning(UserWarning):
    """A model was saved by a different scikit-learn version than the one installed."""
