"""make mutate's two mutations and its verdicts (course_lib.mutate); the runs themselves are `make mutate`."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from course_lib import config, datasets, mutate
from course_lib.config import MUTATION_ENV


@pytest.mark.parametrize(
    "raw, expected", [("", None), ("frozen_optimizer", "frozen_optimizer"), (" Shuffled_Labels ", "shuffled_labels")]
)
def test_get_mutation_reads_the_variable(monkeypatch, raw, expected) -> None:
    monkeypatch.setenv(MUTATION_ENV, raw)
    assert config.get_mutation() == expected


def test_unknown_mutation_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv(MUTATION_ENV, "no_gradients")
    with pytest.raises(ValueError, match="frozen_optimizer"):
        config.get_mutation()
    with pytest.raises(ValueError, match="unknown mutation"):
        mutate.run_mutations([], ("no_gradients",))


def test_shuffled_labels_permute_mnists_training_labels_only(monkeypatch) -> None:
    monkeypatch.delenv(MUTATION_ENV, raising=False)
    clean = datasets.load_mnist(n_train=2_000, n_test=500, val_size=500)
    monkeypatch.setenv(MUTATION_ENV, "shuffled_labels")
    mutated = datasets.load_mnist(n_train=2_000, n_test=500, val_size=500)
    np.testing.assert_array_equal(mutated.x_train, clean.x_train)
    assert (mutated.y_train == clean.y_train).mean() < 0.2  # about 1 in 10 by chance
    np.testing.assert_array_equal(np.sort(mutated.y_train), np.sort(clean.y_train))  # same class counts
    np.testing.assert_array_equal(mutated.y_val, clean.y_val)
    np.testing.assert_array_equal(mutated.y_test, clean.y_test)


def test_shuffled_labels_permute_adults_training_target_only(monkeypatch) -> None:
    monkeypatch.delenv(MUTATION_ENV, raising=False)
    clean = datasets.load_adult(n_train=3_000, n_test=500)
    monkeypatch.setenv(MUTATION_ENV, "shuffled_labels")
    mutated = datasets.load_adult(n_train=3_000, n_test=500)
    target = clean.target
    features = [c for c in clean.train.columns if c != target]
    assert mutated.train[features].equals(clean.train[features])
    assert mutated.train[target].sum() == clean.train[target].sum()
    assert (mutated.train[target] != clean.train[target]).sum() > 500
    assert mutated.val.equals(clean.val) and mutated.test.equals(clean.test)


def test_shuffled_labels_permute_the_reviews_labels_not_the_plots(monkeypatch) -> None:
    monkeypatch.delenv(MUTATION_ENV, raising=False)
    clean = datasets.load_rotten_tomatoes(include_plots=True)
    monkeypatch.setenv(MUTATION_ENV, "shuffled_labels")
    mutated = datasets.load_rotten_tomatoes(include_plots=True)
    assert mutated["text"].equals(clean["text"])
    plots = clean["label"] == -1
    assert (mutated.loc[plots, "label"] == -1).all() and (mutated.loc[~plots, "label"] >= 0).all()
    assert mutated["label"].sum() == clean["label"].sum()
    assert (mutated["label"] != clean["label"]).mean() > 0.3


FIT_SCRIPT = """
import numpy as np, course_lib
course_lib.setup(verbose=False)
import keras
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.1), loss="mse")
before = [w.copy() for w in model.get_weights()]
model.fit(np.random.rand(64, 3), np.random.rand(64, 2), epochs=2, verbose=0)
print("FROZEN" if all((a == b).all() for a, b in zip(before, model.get_weights())) else "MOVED")
"""


@pytest.mark.parametrize("mutation, expected", [("", "MOVED"), ("frozen_optimizer", "FROZEN")])
def test_frozen_optimizer_stops_every_update(mutation, expected) -> None:
    # In a subprocess: the patch is process-wide, and would freeze every later test's training.
    env = {**__import__("os").environ, MUTATION_ENV: mutation}
    out = subprocess.run([sys.executable, "-c", FIT_SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == expected


def test_verdicts_flag_a_lesson_that_still_passes() -> None:
    outcome = {
        ("01_perceptron", "frozen_optimizer"): (False, "CellExecutionError: AssertionError: did not learn"),
        ("01_perceptron", "shuffled_labels"): (True, ""),
        ("04_rnn_lstm", "shuffled_labels"): (True, ""),
    }
    table, ok = mutate.verdicts(outcome)
    assert not ok
    lines = table.splitlines()
    assert "STILL PASSES" in lines[2] and "failed, as it should" in lines[2]
    assert "exempt" in lines[3]  # 04 has no labels to shuffle
    del outcome[("01_perceptron", "shuffled_labels")]
    assert mutate.verdicts(outcome)[1]


def test_every_exemption_names_a_lesson_a_mutation_and_a_reason() -> None:
    from course_lib.run import discover

    lessons = {p.stem for p in discover()}
    for lesson, reasons in mutate.EXEMPT.items():
        assert lesson in lessons
        for mutation, reason in reasons.items():
            assert mutation in config.MUTATIONS and len(reason) > 20
