"""Lesson 02's exercise checkers and the small formulas they rest on (no training)."""

from __future__ import annotations

import re
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf
from _exercise_tools import exercise_cells
from _exercise_tools import message as _hint
from sklearn.metrics import precision_recall_fscore_support

from course_lib import check
from course_lib.exercises import lesson_02

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_mlp.ipynb"


def _exercise_cells(exercise_id: str) -> tuple[str, str]:
    return exercise_cells(NOTEBOOK, exercise_id)


# ---------------------------------------------------------------- 02.1


def test_02_1_matches_gradient_tape_and_accepts_two_decimals() -> None:
    data = check.given("02.1")
    z = tf.Variable(np.array(data["logits"]))
    with tf.GradientTape() as tape:
        loss = keras.losses.sparse_categorical_crossentropy(tf.constant([data["label"]]), z[None], from_logits=True)
    grad = tape.gradient(loss, z).numpy()
    np.testing.assert_allclose(grad, check.all_exercises()["02.1"].reference, atol=1e-6)
    # issue #10 (then exercise 02.2): the natural 2-decimal answer was rejected
    assert check.is_correct("02.1", [-0.34, 0.24, 0.10])
    for answer in (grad, np.round(grad, 3), np.round(grad, 2), [[-0.341, 0.242, 0.099]], tuple(grad)):
        assert check.is_correct("02.1", answer), answer


def test_02_1_hints_for_typical_mistakes() -> None:
    p = lesson_02.softmax(np.array(check.given("02.1")["logits"]))
    assert "sign" in _hint("02.1", [0.34, -0.24, -0.10])
    assert "subtract" in _hint("02.1", np.round(p, 2))
    assert "logits" in _hint("02.1", [1.0, 1.0, 0.1])  # z - y
    assert "class 0" in _hint("02.1", p - [0, 0, 1])
    assert "shape" in _hint("02.1", [0.1, 0.2])
    assert "quotes" in _hint("02.1", ["-0.34", "0.24", "0.10"])


def test_02_1_prompt_and_cell_use_the_module_numbers() -> None:
    prompt, code = _exercise_cells("02.1")
    data = check.given("02.1")
    assert "(2.0, 1.0, 0.1)" in prompt and data["logits"] == [2.0, 1.0, 0.1]
    assert "class 0" in prompt and data["label"] == 0
    assert "2 decimals" in prompt and 'check.given("02.1")' in code


# ---------------------------------------------------------------- 02.2


def test_02_2_reference_matches_keras_and_gradient_tape() -> None:
    for logits, labels in lesson_02._CE_CASES + lesson_02._CE_LARGE:
        z = tf.Variable(logits)  # float64
        with tf.GradientTape() as tape:
            losses = keras.losses.sparse_categorical_crossentropy(tf.constant(labels), z, from_logits=True)
            mean = tf.reduce_mean(losses)
        loss, grad = lesson_02.softmax_cross_entropy(logits, labels)
        assert loss == pytest.approx(float(mean), rel=1e-9)
        np.testing.assert_allclose(grad, tape.gradient(mean, z).numpy(), rtol=1e-7, atol=1e-12)
    shapes = {logits.shape for logits, _ in lesson_02._CE_CASES}
    assert (1, 2) in shapes and any(b != k for b, k in shapes)
    assert all(abs(logits.mean()) > 900 for logits, _ in lesson_02._CE_LARGE)
    with pytest.raises(ValueError):
        lesson_02.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))  # labels must be integers


def test_02_2_accepts_other_right_ways() -> None:
    def with_one_hot(logits, labels):
        B, K = logits.shape
        shifted = logits - logits.max(axis=1, keepdims=True)
        P = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        Y = np.eye(K)[labels]
        return -np.sum(Y * np.log(P)) / B, (P - Y) / B

    def in_float32(logits, labels):  # a learner working in float32 is right to float32 precision
        loss, grad = lesson_02.softmax_cross_entropy(logits.astype("float32").astype(float), labels)
        return np.float32(loss), grad.astype("float32")

    for answer in (lesson_02.softmax_cross_entropy, lesson_02._ce_with_loops, with_one_hot, in_float32):
        assert check.is_correct("02.2", answer), check.feedback("02.2", answer)


def test_02_2_every_typical_slip_gets_its_own_hint() -> None:
    for hint, variant in lesson_02._CE_VARIANTS.items():
        assert check.feedback("02.2", variant) == f"Exercise 02.2: not yet: {hint}"
    naive = _hint("02.2", lesson_02._ce_naive)  # forgetting the max-shift shows only on large logits
    assert "right on ordinary logits" in naive and "largest logit" in naive


def test_02_2_shapes_and_placeholders_get_messages() -> None:
    def per_example(logits, labels):
        loss, grad = lesson_02.softmax_cross_entropy(logits, labels)
        return np.full(len(labels), loss), grad

    assert "the loss should have shape ()" in _hint("02.2", per_example)
    assert "return 2 values" in _hint("02.2", lambda logits, labels: 0.0)

    def placeholder(logits, labels): ...

    assert "not answered yet" in _hint("02.2", placeholder)


# ---------------------------------------------------------------- 02.3


def test_02_3_options_and_the_notebook_reveal_agree() -> None:
    item = check.all_exercises()["02.3"]
    assert item.kind == "predict" and item.reference == "c" and set(item.options) == {"a", "b", "c"}
    cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    predict = next(i for i, s in enumerate(cells) if 'check.predict("02.3"' in s)
    run = next(i for i, s in enumerate(cells) if s.startswith("optimizers = {"))
    reveal = next(i for i, s in enumerate(cells) if 'check.reveal("02.3"' in s)
    assert predict < run < reveal
    names = set(re.findall(r'^    "(\w+)": lambda', cells[run], flags=re.M))
    mapping = dict(re.findall(r'"(\w+)": "([abc])"', cells[reveal]))
    assert names == set(mapping) == {"SGD", "momentum", "RMSProp", "Adam"}
    assert {mapping[name] for name in ("RMSProp", "Adam")} == {"c"} and "RMSProp" in item.options["c"]
    assert item.options[mapping["SGD"]] == "plain SGD" and "momentum" in item.options[mapping["momentum"]]


# ---------------------------------------------------------------- 02.4


def _keras_adam_steps(gradients, lr, beta1, beta2, eps, theta0):
    variable = keras.Variable(theta0, dtype="float64")
    optimizer = keras.optimizers.Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)
    optimizer.build([variable])
    for g in gradients:
        optimizer.apply_gradients([(tf.constant(g), variable)])
    return variable.numpy(), optimizer._momentums[0].numpy(), optimizer._velocities[0].numpy()


@pytest.mark.parametrize(
    ("beta1", "beta2", "eps", "rtol"),
    [
        (0.875, 1 - 2**-10, 1e-7, 1e-7),  # betas exact in float32: equal to rounding
        (0.875, 1 - 2**-10, 1e-3, 1e-7),
        (0.9, 0.999, 1e-7, 1e-4),  # Keras rounds the betas to float32 (0.999 -> 0.99900001)
    ],
)
def test_02_4_reference_matches_keras_adam(beta1: float, beta2: float, eps: float, rtol: float) -> None:
    rng = np.random.default_rng(1)
    theta0, gradients, lr = rng.normal(size=(3, 2)), rng.normal(0, 0.1, size=(6, 3, 2)), 0.01
    want = _keras_adam_steps(gradients, lr, beta1, beta2, eps, theta0)
    keras_way = textbook = (theta0, np.zeros_like(theta0), np.zeros_like(theta0))
    for t, g in enumerate(gradients, start=1):
        keras_way = lesson_02.adam_step_keras(keras_way[0], g, keras_way[1], keras_way[2], t, lr, beta1, beta2, eps)
        textbook = lesson_02.adam_step(textbook[0], g, textbook[1], textbook[2], t, lr, beta1, beta2, eps)
    for ours, theirs in zip(keras_way, want):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(textbook[1:], want[1:], rtol=rtol, atol=1e-12)  # m and s are the same either way
    # the two ways of adding eps nearly agree when eps is tiny against sqrt(s), and not otherwise
    assert np.allclose(textbook[0], want[0], rtol=1e-4) == (eps < 1e-6)


def test_02_4_first_step_moves_every_weight_by_about_lr() -> None:
    g = np.array([1e-4, -3.0, 50.0])
    theta, m, s = lesson_02.adam_step(np.zeros(3), g, np.zeros(3), np.zeros(3), t=1, lr=0.01)
    np.testing.assert_allclose(theta, -0.01 * np.sign(g), rtol=1e-2)
    with pytest.raises(ValueError):
        lesson_02.adam_step(np.zeros(3), g, np.zeros(2), np.zeros(3), t=1)


def test_02_4_accepts_both_places_for_eps_and_keras_itself() -> None:
    def with_keras(theta, g, m, s, t, lr, beta1, beta2, eps):  # a learner who hands the step to Keras
        variable = keras.Variable(theta, dtype="float64")
        optimizer = keras.optimizers.Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)
        optimizer.build([variable])
        optimizer._momentums[0].assign(m)
        optimizer._velocities[0].assign(s)
        optimizer.iterations.assign(t - 1)
        optimizer.apply_gradients([(tf.constant(g), variable)])
        return variable.numpy(), optimizer._momentums[0].numpy(), optimizer._velocities[0].numpy()

    for answer in (lesson_02.adam_step, lesson_02.adam_step_keras, with_keras):
        assert check.is_correct("02.4", answer), check.feedback("02.4", answer)


def test_02_4_names_every_slip() -> None:
    for hint, variant in lesson_02._ADAM_VARIANTS.items():
        assert check.feedback("02.4", variant) == f"Exercise 02.4: not yet: {hint}"
    cases = lesson_02._ADAM_CASES
    assert any(case[4] == 1 and not case[2].any() for case in cases)  # the first step, m = s = 0
    assert any(not case[1].any() for case in cases)  # a zero gradient
    assert len({case[0].shape for case in cases}) >= 4

    def placeholder(theta, g, m, s, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7): ...

    assert "not answered yet" in _hint("02.4", placeholder)
    assert "return 3 values" in _hint("02.4", lambda theta, g, m, s, t, lr, b1, b2, eps: theta)


def test_02_4_the_notebook_shows_adam_written_out_only_after_the_exercise() -> None:
    """The lesson checks its own Adam against keras.optimizers.Adam, but below exercise 02.4, so that the
    exercise is not answered above it; momentum and RMSProp, written out above it, are not its answer."""
    cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    exercise = next(i for i, s in enumerate(cells) if 'check.exercise("02.4"' in s)
    written_out = [i for i, s in enumerate(cells) if "keras.optimizers.Adam(learning_rate=0.001), theta_start" in s]
    scratch = next(i for i, s in enumerate(cells) if "def rmsprop_steps(" in s)
    assert len(written_out) == 1 and scratch < exercise < written_out[0]
    assert "beta1" not in cells[scratch] and "bias correction" not in cells[scratch]


# ---------------------------------------------------------------- 02.5


@pytest.fixture
def tiny_held_out(monkeypatch: pytest.MonkeyPatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """300 made-up 784-pixel examples whose labels a known linear map gives, in place of MNIST."""
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, size=(300, 784)).astype("float32")
    W = rng.normal(size=(784, 10)).astype("float32")
    y = (x @ W).argmax(axis=1)
    monkeypatch.setattr(lesson_02, "_held_out", lambda: (x, y))
    return x, y, W


def test_02_5_checker_on_a_tiny_held_out_set(tiny_held_out) -> None:
    x, y, W = tiny_held_out
    right = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])  # 7,850 parameters, no training
    right.set_weights([W, np.zeros(10, "float32")])
    assert check.is_correct("02.5", right)
    short = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, kernel_initializer="zeros")])
    assert "the target is 0.9500" in _hint("02.5", short)
    too_big = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64), keras.layers.Dense(10)])
    assert "budget is 25,000" in _hint("02.5", too_big)
    images = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
    assert "could not predict" in _hint("02.5", images)
    assert "Keras model" in _hint("02.5", W)


def test_02_5_starting_model_fits_the_budget_and_the_prompt_states_the_goal() -> None:
    goal = check.given("02.5")
    prompt, code = _exercise_cells("02.5")
    assert f"{goal['max_params']:,} parameters" in prompt and f"{goal['target']:.0%}" in prompt
    assert f"last {goal['held_out']:,} of `mnist.x_val`" in prompt
    assert 'check.given("02.5")' in code and 'check.exercise("02.5", small_model)' in code
    width = int(re.search(r"Dense\((\d+), activation=", code).group(1))
    assert lesson_02._starting_mlp(width).count_params() <= goal["max_params"]
    assert lesson_02._dense_params([784, 30, 10]) == 23_860 <= goal["max_params"]  # the solution's size
    notebook = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
    assert "x_val[-" not in notebook and "x_val[5" not in notebook, "no cell may train on the held-out images"


# ---------------------------------------------------------------- 02.6


def test_02_6_matches_sklearn_and_hints() -> None:
    data = check.given("02.6")
    cm = np.array(data["matrix"])
    y_true = np.repeat(np.repeat(np.arange(3), 3), cm.ravel())
    y_pred = np.repeat(np.tile(np.arange(3), 3), cm.ravel())
    precision, recall, f1, _ = precision_recall_fscore_support(y_true, y_pred)
    k = data["digits"].index(data["digit"])
    np.testing.assert_allclose(check.all_exercises()["02.6"].reference, [precision[k], recall[k], f1[k]])
    p, r, f = check.all_exercises()["02.6"].reference
    assert check.is_correct("02.6", (0.789, 0.6, 0.682)) and check.is_correct("02.6", [0.7895, 0.600, 0.6818])
    assert "swapped" in _hint("02.6", (r, p, f))
    assert "harmonic" in _hint("02.6", (p, r, (p + r) / 2))
    assert "digit 3" in _hint("02.6", (precision[0], recall[0], f1[0]))
    assert "recall" in _hint("02.6", (p, 0.5, f))
    assert "F1" in _hint("02.6", (p, r, 0.5))
    assert "shape (3,)" in _hint("02.6", (p, r))
    with pytest.raises(ValueError):
        lesson_02.precision_recall_f1(np.ones((2, 3)), 0)


def test_02_6_prompt_and_cell_use_the_module_matrix() -> None:
    prompt, code = _exercise_cells("02.6")
    data = check.given("02.6")
    assert data["digits"] == [3, 5, 8] and "3, 5 and 8" in prompt and "**5**" in prompt
    assert "3 decimals" in prompt and 'check.given("02.6")' in code
