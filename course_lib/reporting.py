"""Headline metrics a notebook reports, collected by the runner (``python -m course_lib.run``).

:func:`report` records a lesson's metrics; :func:`full_result` reads one back from the committed
full-mode run (``results/full.json``), so a lesson quotes another lesson's figure instead of typing it.

Introduced in lesson 01.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from .config import get_mode, repo_root

METRICS_ENV = "COURSE_METRICS_FILE"


def report(**metrics: float) -> None:
    """Record headline metrics (test accuracy, training seconds, ...) and print them as a table.

    When the runner executes the notebook it sets ``COURSE_METRICS_FILE``; the values are merged
    into that JSON file so they reach the results table and the README.

    Example:
        >>> report(test_accuracy=0.981, train_seconds=95.2)   # doctest: +SKIP
    """
    if not metrics:
        raise ValueError("report() needs at least one name=value pair")
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"metric {name!r} must be a number, got {value!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"metric {name!r} must be finite, got {number}")
        clean[name] = number
    width = max(len(n) for n in clean)
    print(f"Headline metrics ({get_mode()} mode)")
    for name, number in clean.items():
        print(f"  {name:<{width}}  {number:.4g}")
    target = os.environ.get(METRICS_ENV)
    if target:
        path = Path(target)
        existing = json.loads(path.read_text()) if path.is_file() else {}
        existing.update(clean)
        path.write_text(json.dumps(existing, indent=2, sort_keys=True))


def full_result(notebook: str, metric: str, path: Path | None = None) -> float:
    """One figure of another lesson's committed full-mode run, read from ``results/full.json``.

    ``notebook`` is a lesson's file name without ``.ipynb`` (``"04_rnn_lstm"``); ``metric`` is one
    of the names that lesson passed to :func:`report`, or ``"seconds"``, the runner's wall time of
    the whole lesson. ``path`` defaults to the repository's ``results/full.json``. Returns the
    value as a float; an unknown lesson or metric raises ``ValueError`` naming those that exist.

    Introduced in lesson 05.

    Example:
        >>> full_result("04_rnn_lstm", "char_val_bits_per_char") < full_result("04_rnn_lstm", "unigram_bits_per_char")
        True
    """
    path = repo_root() / "results" / "full.json" if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no full-mode results at {path}: a maintainer writes it with `make run-full`")
    results = json.loads(path.read_text())
    if notebook not in results:
        raise ValueError(f"no full-mode result for notebook {notebook!r}; expected one of {sorted(results)}")
    entry = results[notebook]
    figures = {**entry.get("metrics", {}), "seconds": entry.get("seconds")}
    if metric not in figures or figures[metric] is None:
        known = sorted(name for name, value in figures.items() if value is not None)
        raise ValueError(f"{notebook} reported no metric {metric!r}; expected one of {known}")
    return float(figures[metric])
