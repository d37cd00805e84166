"""Every example in course_lib's docstrings runs and prints what it claims."""

from __future__ import annotations

import doctest
import importlib
import inspect

import numpy as np
import pytest

MODULES = ["config", "datasets", "plotting", "check", "reporting", "run", "colab",
           *(f"exercises.lesson_{n:02d}" for n in range(1, 8))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"course_lib.{name}")
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of course_lib.{name} failed"


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(f"course_lib.{name}")
    missing = [fname for fname, obj in vars(module).items()
               if not fname.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__
               and ">>>" not in (inspect.getdoc(obj) or "")]
    assert not missing, f"course_lib.{name}: public functions without a docstring example: {missing}"
