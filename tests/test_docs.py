"""Documentation stays true: docstring examples run, every command has help."""

from __future__ import annotations

import doctest
import importlib

import pytest
from typer.testing import CliRunner

from stance.cli import app

MODULES = ["stance", "stance.text", "stance.data", "stance.model", "stance.prediction", "stance.evaluation"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)  # examples read data/statements.csv
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("command", [[], ["predict"], ["train"], ["evaluate"], ["info"], ["data"], ["data", "stats"]])
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.strip().splitlines()) > 3


def test_public_api_is_documented():
    import inspect

    import stance

    for name in stance.__all__:
        obj = getattr(stance, name)
        if inspect.isfunction(obj):
            assert obj.__doc__, name
            if inspect.signature(obj).parameters:
                assert "Parameters" in obj.__doc__, name
