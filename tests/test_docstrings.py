"""Every example in course_lib's docstrings runs and prints what it claims."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["config", "datasets", "plotting", "check", "reporting", "run", "colab"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"course_lib.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of course_lib.{name} failed"
