"""Break learning on purpose and check that every lesson notices: ``make mutate``.

A lesson's checks must be able to fail. This maintainer's command runs each lesson in fast mode,
in a fresh kernel, under two mutations applied from outside the notebook through the
``COURSE_MUTATION`` variable (read in one place, :func:`course_lib.config.get_mutation`):

* ``frozen_optimizer``: every Keras optimizer's update does nothing (:func:`freeze_optimizers`,
  applied by ``setup()``): gradients are computed, no weight moves. Code that updates weights by
  hand (a NumPy perceptron, a ``GradientTape`` loop with ``assign_sub``) is not touched.
* ``shuffled_labels``: the loaders of :mod:`course_lib.datasets` return the training labels in a
  random order (MNIST's and Adult's training split; validation and test untouched). Rotten
  Tomatoes has no split of its own (lessons split it by movie), so all its review labels are
  permuted.

A lesson must fail (an assert, or any error) under each mutation; one exempt from a mutation says
why in :data:`EXEMPT`. The command prints a table, lesson x mutation -> "failed, as it should" or
"STILL PASSES", and exits non-zero when a lesson that should fail still passes. It is slow (about
two fast-mode runs per lesson), so the weekly workflow runs it, not every push.

Introduced for maintainers (CONTRIBUTING.md, "Figures and checks that can fail").
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from .config import MUTATION_ENV, MUTATIONS, repo_root

# Lesson -> {mutation: why the lesson need not fail under it}. Keep it short; each entry a reason.
EXEMPT: dict[str, dict[str, str]] = {
    "04_rnn_lstm": {
        "shuffled_labels": "no labels: the targets are the series' own next values and the next characters",
    },
}


def freeze_optimizers() -> None:
    """Make every Keras optimizer's update a no-op (``make mutate`` only; idempotent).

    Gradients are still computed and the optimizer is still built and counts its iterations, so
    the training loop runs as usual, but no trainable weight changes.

    Example:
        >>> freeze_optimizers()  # doctest: +SKIP
    """
    from keras.src.optimizers.base_optimizer import BaseOptimizer

    def frozen_update(self: BaseOptimizer, grads: list, trainable_variables: list) -> None:
        return None

    BaseOptimizer._backend_apply_gradients = frozen_update  # type: ignore[method-assign]


def run_mutations(
    notebooks: list[Path], mutations: tuple[str, ...] = MUTATIONS, timeout: int = 600
) -> dict[tuple[str, str], tuple[bool, str]]:
    """Run each notebook in fast mode under each mutation: {(notebook, mutation): (passed, error)}.

    Each run has a fresh kernel and a fresh, temporary ``COURSE_RUN_DIR`` (no cached model from
    an earlier run can stand in for training). Executed copies go to ``runs/executed/mutate-<m>/``.

    Example:
        >>> run_mutations([Path("notebooks/01_perceptron.ipynb")])  # doctest: +SKIP
    """
    from .run import run_notebook

    unknown = [m for m in mutations if m not in MUTATIONS]
    if unknown:
        raise ValueError(f"unknown mutation(s) {unknown}; expected some of {MUTATIONS}")
    outcome: dict[tuple[str, str], tuple[bool, str]] = {}
    saved = {k: os.environ.get(k) for k in (MUTATION_ENV, "COURSE_RUN_DIR")}
    try:
        for path in notebooks:
            for mutation in mutations:
                with tempfile.TemporaryDirectory(prefix="course-mutate-") as run_folder:
                    os.environ[MUTATION_ENV] = mutation
                    os.environ["COURSE_RUN_DIR"] = run_folder
                    out_dir = repo_root() / "runs" / "executed" / f"mutate-{mutation}"
                    result = run_notebook(path, "fast", timeout=timeout, out_dir=out_dir)
                error = re.sub(r"\x1b\[[0-9;]*m", "", result.error)  # the traceback's colours
                outcome[(Path(path).stem, mutation)] = (result.passed, error)
                verdict = "STILL PASSES" if result.passed else "failed"
                print(f"{Path(path).stem:<24} {mutation:<17} {verdict} ({result.seconds:.0f} s) {error[:90]}")
                sys.stdout.flush()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return outcome


def verdicts(outcome: dict[tuple[str, str], tuple[bool, str]]) -> tuple[str, bool]:
    """The table of :func:`run_mutations`' outcome as markdown, and whether every lesson failed as it should.

    Example:
        >>> table, ok = verdicts({("01_perceptron", "frozen_optimizer"): (False, "AssertionError: ...")})
        >>> ok
        True
    """
    notebooks = sorted({nb for nb, _ in outcome})
    mutations = [m for m in MUTATIONS if any(m == mut for _, mut in outcome)]
    lines = ["| lesson | " + " | ".join(mutations) + " |", "|---|" + "---|" * len(mutations)]
    ok = True
    for nb in notebooks:
        cells = []
        for mutation in mutations:
            if (nb, mutation) not in outcome:
                cells.append("-")
                continue
            passed, error = outcome[(nb, mutation)]
            reason = EXEMPT.get(nb, {}).get(mutation)
            if not passed:
                what = error.split("Error:")[-1].strip()[:60] or error.split(":")[0]  # the assert's message
                cells.append(f"failed, as it should ({what})")
            elif reason:
                cells.append(f"passes, exempt: {reason}")
            else:
                cells.append("STILL PASSES")
                ok = False
        lines.append(f"| {nb} | " + " | ".join(cells) + " |")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m course_lib.mutate [--mutation M ...] [NB ...]`` (default: all of both).

    Example:
        >>> main(["notebooks/01_perceptron.ipynb"])  # doctest: +SKIP
        0
    """
    from .run import discover

    parser = argparse.ArgumentParser(prog="python -m course_lib.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, in order)")
    parser.add_argument("--mutation", action="append", choices=MUTATIONS, help="repeatable (default: all)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    outcome = run_mutations(args.notebooks or discover(), tuple(args.mutation or MUTATIONS), args.timeout)
    table, ok = verdicts(outcome)
    print(table)
    print(
        "every lesson failed under every mutation it should"
        if ok
        else "a lesson still passes: give it the check it lacks"
    )
    return 0 if ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
