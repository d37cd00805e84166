"""Every example in course_lib's docstrings runs and prints what it claims."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import course_lib

# Every module of the package, a new lesson's exercise module or helper module included.
MODULES = sorted(
    m.name.removeprefix("course_lib.") for m in pkgutil.walk_packages(course_lib.__path__, "course_lib.") if not m.ispkg
)


def test_modules_are_discovered() -> None:
    assert {"config", "datasets", "plotting", "check", "run", "exercises.lesson_01"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"course_lib.{name}")
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of course_lib.{name} failed"


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(f"course_lib.{name}")
    missing = [
        fname
        for fname, obj in vars(module).items()
        if not fname.startswith("_")
        and inspect.isfunction(obj)
        and obj.__module__ == module.__name__
        and ">>>" not in (inspect.getdoc(obj) or "")
    ]
    assert not missing, f"course_lib.{name}: public functions without a docstring example: {missing}"
