"""Lesson 03's exercises beyond the generic rules: references against Keras, the hints of the usual
slips, the regressions of issue #10, and the notebook's prompts against the module's data (no training)."""

from __future__ import annotations

import re
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_03

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_cnn.ipynb"


def _prompt(title: str) -> str:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and c.source.startswith(f"### Exercise {title}"))


# ---------------------------------------------------------------- 03.1


def test_03_1_reference_matches_keras_and_the_prompt() -> None:
    data = check.given("03.1")
    layer = keras.layers.Conv2D(data["filters"], data["kernel_size"], strides=data["strides"], padding=data["padding"])
    shape = tuple(layer.compute_output_shape((None, *data["input_shape"]))[1:])
    assert shape == check.all_exercises()["03.1"].reference == (12, 12, 16)
    prompt = _prompt("03.1")
    assert (
        f"Conv2D({data['filters']}, kernel_size={data['kernel_size']}, strides={data['strides']}, "
        f'padding="{data["padding"]}")' in prompt
    )
    assert " × ".join(str(n) for n in data["input_shape"]) in prompt


def test_03_1_refuses_fractions_instead_of_truncating_them() -> None:  # issue #10: it accepted (12.9, 12.9, 16.9)
    assert "whole numbers" in _hint("03.1", (12.9, 12.9, 16.9))
    assert not check.is_correct("03.1", (12.4, 12.0, 16.0))
    assert check.is_correct("03.1", (12.0, 12.0, 16.0)) and check.is_correct("03.1", [12, 12, 16])


@pytest.mark.parametrize("answer", ["(12, 12, 16)", ("12", "12", "16"), ["12", 12, 16], "16640"])
def test_03_1_refuses_strings(answer) -> None:  # issue #10: strings such as "16640" passed as numbers
    assert not check.is_correct("03.1", answer)
    assert "Traceback" not in _hint("03.1", answer)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ((24, 24, 16), "stride"),
        ((12, 12, 1), "filters"),
        ((11, 11, 16), "+ 1"),
        ((13, 13, 16), "down"),
        ((14, 14, 16), "same"),
        ((12, 12), "shape"),
    ],
)
def test_03_1_hints(answer, hint) -> None:
    assert hint in _hint("03.1", answer)


# ---------------------------------------------------------------- 03.2: conv2d


def _keras_conv(x, kernel, bias, stride, padding):
    layer = keras.layers.Conv2D(kernel.shape[3], kernel.shape[0], strides=stride, padding=padding)
    layer.build((None, *x.shape))
    layer.set_weights([kernel.astype("float32"), bias.astype("float32")])
    return keras.ops.convert_to_numpy(layer(x[None].astype("float32")))[0]


@pytest.mark.parametrize("case", range(len(lesson_03._CONV_CASES)))
def test_conv2d_reference_and_loop_version_match_keras_conv2d(case: int) -> None:
    x, kernel, bias, stride, padding = lesson_03._CONV_CASES[case]
    expected = _keras_conv(x, kernel, bias, stride, padding)
    np.testing.assert_allclose(lesson_03.conv2d(x, kernel, bias, stride, padding), expected, atol=1e-4)
    np.testing.assert_allclose(lesson_03._conv_with_loops(x, kernel, bias, stride, padding), expected, atol=1e-4)


def test_conv2d_is_section_2s_cross_correlation_for_one_channel() -> None:
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(6, 5)), rng.normal(size=(3, 3))
    slow = np.array([[np.sum(image[i : i + 3, j : j + 3] * kernel) for j in range(3)] for i in range(4)])
    fast = lesson_03.conv2d(image[..., None], kernel[..., None, None], np.zeros(1))[..., 0]
    np.testing.assert_allclose(fast, slow)


def test_conv2d_refuses_bad_input() -> None:
    x, kernel, bias = np.zeros((5, 5, 2)), np.zeros((3, 3, 2, 4)), np.zeros(4)
    with pytest.raises(ValueError, match="C_in"):
        lesson_03.conv2d(np.zeros((5, 5, 3)), kernel, bias)
    with pytest.raises(ValueError, match="bias"):
        lesson_03.conv2d(x, kernel, np.zeros(3))
    with pytest.raises(ValueError, match="same"):
        lesson_03.conv2d(x, kernel, bias, stride=2, padding="same")
    with pytest.raises(ValueError, match="padding"):
        lesson_03.conv2d(x, kernel, bias, padding="full")


def test_03_2_names_every_typical_slip() -> None:
    for hint, slip in lesson_03._CONV_VARIANTS.items():
        assert _hint("03.2", slip).endswith(hint)


def _conv_with_same_padding(pad):
    """A convolution that pads pad(k) zeros on every side for padding='same'."""

    def conv(x, kernel, bias, stride=1, padding="valid"):
        p = pad(kernel.shape[0]) if padding == "same" else 0
        return lesson_03._conv_with_loops(np.pad(x, ((p, p), (p, p), (0, 0))), kernel, bias, stride, "valid")

    return conv


def test_03_2_hints_for_wrong_output_shapes() -> None:
    off_by_one = _conv_with_same_padding(lambda k: (k - 1) // 2 + 1)
    assert "(k - 1) // 2 zeros on every side" in _hint("03.2", off_by_one)
    assert "'valid' adds none" in _hint("03.2", _conv_with_same_padding(lambda k: 0))
    ignores_stride = lambda x, K, b, s=1, p="valid": lesson_03.conv2d(x, K, b, 1, p)  # noqa: E731
    assert "moves by the stride" in _hint("03.2", ignores_stride)
    channels_first = lambda *args: np.moveaxis(lesson_03.conv2d(*args), -1, 0)  # noqa: E731
    assert "check the axes" in _hint("03.2", channels_first)


def test_03_2_a_crash_gets_a_message_not_a_traceback() -> None:
    def crashes(x, kernel, bias, stride=1, padding="valid"):
        return x[100, 100]

    message = _hint("03.2", crashes)
    assert "IndexError" in message and "Traceback" not in message


# ---------------------------------------------------------------- 03.3: max pooling


@pytest.mark.parametrize("case", range(len(lesson_03._POOL_CASES)))
def test_max_pool_reference_and_loop_version_match_keras(case: int) -> None:
    x, size, stride = lesson_03._POOL_CASES[case]
    expected = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(size, strides=stride)(x[None].astype("float32")))[0]
    np.testing.assert_allclose(lesson_03.max_pool(x, size, stride), expected, atol=1e-6)
    np.testing.assert_allclose(lesson_03._pool_with_loops(x, size, stride), expected, atol=1e-6)


def test_max_pool_hidden_cases_hold_windows_of_negative_numbers_only() -> None:
    x, size, stride = lesson_03._POOL_CASES[0]
    assert (lesson_03.max_pool(x, size, stride) < 0).any()


def test_03_3_names_every_typical_slip() -> None:
    for hint, slip in lesson_03._POOL_VARIANTS.items():
        assert _hint("03.3", slip).endswith(hint)
    stride_one = lambda x, size, stride: lesson_03.max_pool(x, size, 1)  # noqa: E731
    assert "not by one pixel" in _hint("03.3", stride_one)
    stride_size = lambda x, size, stride: lesson_03.max_pool(x, size, size)  # noqa: E731
    assert "need not equal the window size" in _hint("03.3", stride_size)
    channels_too = lambda x, size, stride: lesson_03.max_pool(x, size, stride).max(axis=-1)  # noqa: E731
    assert "keep the channel axis" in _hint("03.3", channels_too)


def test_max_pool_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="shape"):
        lesson_03.max_pool(np.zeros((4, 4)), 2, 2)
    with pytest.raises(ValueError, match="size"):
        lesson_03.max_pool(np.zeros((4, 4, 1)), 5, 1)


# ---------------------------------------------------------------- 03.4: predict, then run


def test_03_4_prompt_shows_the_registered_options(capsys) -> None:
    item = check.all_exercises()["03.4"]
    prompt = _prompt("03.4")
    for key, text in item.options.items():
        assert f"({key}) {text}" in prompt
    check.predict("03.4", "b")
    check.reveal("03.4", "b")
    assert "correct!" in capsys.readouterr().out


# ---------------------------------------------------------------- 03.5: change the model


class _Oracle:
    """A stand-in 'model' that knows the labels: enough to test the checker's plumbing without training."""

    built = True

    def __init__(self, labels: np.ndarray, n_params: int = 100, wrong_share: float = 0.0) -> None:
        self.labels, self.n_params, self.wrong_share = labels, n_params, wrong_share

    def count_params(self) -> int:
        return self.n_params

    def predict(self, x, **kwargs):
        labels = self.labels.copy()
        labels[: int(self.wrong_share * len(labels))] += 1
        return np.eye(11)[labels][:, :10]


def test_03_5_checker_scores_the_validation_images_and_says_how_far_off() -> None:
    x, y = lesson_03.validation_images()
    assert x.shape == (6_000, 28, 28, 1) and 0.0 <= x.min() and x.max() <= 1.0
    rules = check.given("03.5")
    assert check.is_correct("03.5", _Oracle(y))
    message = _hint("03.5", _Oracle(y, wrong_share=0.05))
    assert f"{1 - 0.05:.4f}" in message and f"{rules['target']:.4f}" in message
    assert "budget" in _hint("03.5", _Oracle(y, n_params=rules["max_params"] + 1))


def test_03_5_given_model_fits_the_budget_and_the_solution_too() -> None:
    rules = check.given("03.5")
    given = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(12), keras.layers.Dense(10)]
    )
    solution = keras.Sequential([keras.Input((28, 28, 1)), *lesson_03._layers_small_cnn(keras.layers)])
    assert given.count_params() == 9_550 <= rules["max_params"]
    assert solution.count_params() == 8_778 <= rules["max_params"]
    prompt = _prompt("03.5")
    assert f"{rules['target']:.0%}" in prompt and f"{rules['max_params']:,}" in prompt and "9,550" in prompt
    assert f"{rules['epochs']} epochs" in prompt and f"batches of {rules['batch_size']}" in prompt


def test_03_5_notebook_never_trains_on_the_checkers_images() -> None:
    """The checker scores the last 6,000 images of load_mnist's shuffle; the notebook trains on the
    first ones and holds out 1,000 (fast) or 6,000 (full) at the end, with the same seed."""
    code = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
    call = re.search(r"datasets\.load_mnist\((.*?)\n\)", code, re.S).group(1)
    assert "val_size=cfg.pick(fast=1_000, full=6_000)" in call and "seed" not in call
    assert lesson_03._VAL_SIZE == 6_000


# ---------------------------------------------------------------- 03.6 and the formulas


def test_03_6_prompt_matches_the_data() -> None:
    layers = check.given("03.6")["layers"]
    prompt = " ".join(_prompt("03.6").split())
    assert [k for k, _ in layers] == [3, 2, 3] and "`Conv2D(3 × 3)` → `MaxPooling2D(2)` → `Conv2D(3 × 3)`" in prompt
    assert "strides " + ", ".join(str(s) for _, s in layers[:-1]) + f" and {layers[-1][1]}" in prompt


def test_03_6_hints() -> None:
    assert "pooling layer widens" in _hint("03.6", 5)
    assert "moves 2 pixels" in _hint("03.6", 6)
    assert "whole number" in _hint("03.6", 8.4)
    assert check.is_correct("03.6", 8.0)


def test_conv_output_size() -> None:
    assert lesson_03.conv_output_size(28, 3) == 26
    assert lesson_03.conv_output_size(28, 3, padding=1) == 28
    assert lesson_03.conv_output_size(26, 2, stride=2) == 13
    assert lesson_03.conv_output_size(11, 2, stride=2) == 5
    with pytest.raises(ValueError):
        lesson_03.conv_output_size(28, 0)
    with pytest.raises(ValueError):
        lesson_03.conv_output_size(2, 5)


def test_receptive_field() -> None:
    assert lesson_03.receptive_field([]) == 1
    assert lesson_03.receptive_field([(3, 1)]) == 3
    assert lesson_03.receptive_field([(3, 1), (2, 2), (3, 1)]) == 8
    assert lesson_03.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)]) == 10


def test_03_2_accepts_float32_arithmetic_like_section_2s() -> None:
    def conv_float32(x, kernel, bias, stride=1, padding="valid"):
        out = lesson_03._conv_with_loops(x.astype(np.float32), kernel.astype(np.float32), bias, stride, padding)
        return out.astype(np.float32)

    assert check.is_correct("03.2", conv_float32)
