"""Headline metrics a notebook reports, collected by the runner (``python -m course_lib.run``).

Introduced in lesson 01.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from .config import get_mode

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
