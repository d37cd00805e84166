"""Exercises of lesson 03 (convolutional neural networks), in the order the notebook shows them.

* 03.1 (value): the output shape of a ``Conv2D`` with a stride, from the shape formula.
* 03.2 (code): a convolution with several channels, a stride and padding,
  ``conv2d(x, kernel, bias, stride, padding)``, run on hidden inputs against :func:`conv2d`.
* 03.3 (code): max pooling, ``max_pool(x, size, stride)``, run on hidden inputs against :func:`max_pool`.
* 03.4 (predict): the keras.io CNN (35 thousand weights) or an MLP (536 thousand): which is more accurate?
* 03.5 (model): change a small model until it reaches 97% on validation images with at most
  10,000 parameters.
* 03.6 (value): the receptive field of a unit after conv, pool, conv.

Expected values are computed here from the formulas, never typed in; the numbers a prompt shows
live in ``data`` and the notebook reads them with ``check.given``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..check import (
    Wrong,
    as_array,
    as_whole,
    check_function,
    check_model,
    register,
    register_prediction,
    run_code,
)

# ---------------------------------------------------------------- the formulas the checkers rest on


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Output side length of a convolution or pooling window: floor((n + 2p - k) / s) + 1.

    Example:
        >>> conv_output_size(28, kernel=3)
        26
    """
    if min(n, kernel, stride) <= 0 or padding < 0:
        raise ValueError(
            f"expected positive n, kernel, stride and padding >= 0, got {n}, {kernel}, {stride}, {padding}"
        )
    if kernel > n + 2 * padding:
        raise ValueError(f"kernel {kernel} is larger than the padded input {n + 2 * padding}")
    return (n + 2 * padding - kernel) // stride + 1


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Side of the input patch one output unit sees, for layers given as (kernel, stride).

    Each layer widens the field by (kernel - 1) times the product of the strides before it.

    Example:
        >>> receptive_field([(3, 1), (2, 2), (3, 1)])
        8
    """
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def conv2d(x: Any, kernel: Any, bias: Any, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """A 2-D convolution as Keras's ``Conv2D`` computes it (a cross-correlation: no kernel flip).

    ``out[i, j, o] = bias[o] + sum over u, v, c of x_pad[i*s + u, j*s + v, c] * kernel[u, v, c, o]``,
    where ``x_pad`` is ``x`` with ``p`` rows and columns of zeros on every side: ``p = 0`` for
    ``padding="valid"``, ``p = (k - 1) // 2`` for ``padding="same"`` (which needs stride 1 and an
    odd k here, so that the output keeps the input's size, as in Keras).

    Args:
        x: one image, shape (H, W, C_in). kernel: shape (k, k, C_in, C_out). bias: shape (C_out,).
        stride: s, how far the kernel moves between outputs. padding: "valid" or "same".

    Returns:
        The feature maps, shape (floor((H + 2p - k) / s) + 1, floor((W + 2p - k) / s) + 1, C_out).

    Example:
        >>> x = np.arange(16.0).reshape(4, 4, 1)
        >>> conv2d(x, np.ones((2, 2, 1, 1)), np.array([0.5]), stride=2)[..., 0].tolist()
        [[10.5, 18.5], [42.5, 50.5]]
    """
    x, kernel, bias = (np.asarray(a, dtype=float) for a in (x, kernel, bias))
    if x.ndim != 3 or kernel.ndim != 4 or kernel.shape[0] != kernel.shape[1] or kernel.shape[2] != x.shape[2]:
        raise ValueError(
            f"expected x of shape (H, W, C_in) and kernel of shape (k, k, C_in, C_out), got {x.shape} and {kernel.shape}"
        )
    if bias.shape != (kernel.shape[3],):
        raise ValueError(f"expected a bias of shape ({kernel.shape[3]},), got {bias.shape}")
    k = kernel.shape[0]
    if padding == "same":
        if stride != 1 or k % 2 == 0:
            raise ValueError(f"padding='same' is used here with stride 1 and an odd kernel, got stride {stride}, k {k}")
        p = (k - 1) // 2
    elif padding == "valid":
        p = 0
    else:
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    x = np.pad(x, ((p, p), (p, p), (0, 0)))
    windows = sliding_window_view(x, (k, k), axis=(0, 1))[::stride, ::stride]  # (H_out, W_out, C_in, k, k)
    return np.einsum("ijcuv,uvco->ijo", windows, kernel) + bias


def max_pool(x: Any, size: int, stride: int) -> np.ndarray:
    """Max pooling as Keras's ``MaxPooling2D(size, strides=stride)`` computes it ("valid" padding).

    Each channel on its own: ``out[i, j, c]`` is the largest of the ``size x size`` values of
    channel ``c`` whose top-left corner is ``(i*stride, j*stride)``. Rows or columns left over at
    the bottom or right, too few to fill a window, are dropped.

    Example:
        >>> x = np.arange(16.0).reshape(4, 4, 1)
        >>> max_pool(x, size=2, stride=2)[..., 0].tolist()
        [[5.0, 7.0], [13.0, 15.0]]
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"expected x of shape (H, W, C), got {x.shape}")
    if size > min(x.shape[:2]) or size <= 0 or stride <= 0:
        raise ValueError(f"expected 0 < size <= {min(x.shape[:2])} and stride > 0, got size {size}, stride {stride}")
    windows = sliding_window_view(x, (size, size), axis=(0, 1))[::stride, ::stride]  # (H_out, W_out, C, size, size)
    return windows.max(axis=(-2, -1))


def _shape_slip(function: Any, cases: Sequence[Sequence[Any]], slips: dict[str, Callable[..., tuple]]) -> str:
    """The hint of the shape slip that explains the learner's output shapes on every case, or ''."""
    try:
        shapes = [np.shape(run_code(function, case)) for case in cases]
    except Exception:  # a crash on some case: the caller's message says what went wrong
        return ""
    for hint, wrong_shape in slips.items():
        if all(shape == tuple(wrong_shape(*case)) for shape, case in zip(shapes, cases)):
            return hint
    return ""


def _check_code_with_shapes(answer: Any, slips: dict[str, Callable[..., tuple]], **kwargs: Any) -> str | None:
    """``check_function``, plus a targeted hint when the output has the shape of a typical slip."""
    try:
        return check_function(answer, **kwargs)
    except Wrong as problem:
        if "shape" not in str(problem):
            raise
        hint = _shape_slip(answer, kwargs["cases"], slips)
        raise Wrong(f"{problem}: {hint}" if hint else str(problem)) from None


# ---------------------------------------------------------------- 03.1: the output shape of a strided convolution

SHAPE_LAYER = {"input_shape": (28, 28, 1), "filters": 16, "kernel_size": 5, "strides": 2, "padding": "valid"}
_N, _K, _S, _F = (
    SHAPE_LAYER["input_shape"][0],
    SHAPE_LAYER["kernel_size"],
    SHAPE_LAYER["strides"],
    SHAPE_LAYER["filters"],
)
_SHAPE_03_1 = (conv_output_size(_N, _K, _S), conv_output_size(_N, _K, _S), _F)
_SHAPE_HINTS_03_1 = {
    (conv_output_size(_N, _K),) * 2 + (_F,): "that is the shape with stride 1: divide (n + 2p - k) by the stride s = 2",
    _SHAPE_03_1[:2] + (1,): "the height and width are right; the number of channels is the number of filters",
    ((_N - _K) // _S,) * 2 + (_F,): "close: the formula ends with + 1 (the first position counts too)",
    (-(-(_N - _K) // _S) + 1,) * 2 + (_F,): "round (n + 2p - k) / s down, not up: a last window that would stick "
    "out of the image is not computed",
    (-(-_N // _S),) * 2 + (_F,): "that would be padding='same' (output side = ceil(n / s)); with 'valid', p = 0",
}


def _check_03_1(answer: Any) -> str | None:
    values = as_array(answer, shape=(3,), what="shape (height, width, channels)")
    if not np.all(values == np.round(values)):
        raise Wrong(f"a shape is three whole numbers; {tuple(values.tolist())} has fractions: the formula rounds down")
    shape = tuple(int(v) for v in values)
    if shape == _SHAPE_03_1:
        return None
    if shape in _SHAPE_HINTS_03_1:
        return _SHAPE_HINTS_03_1[shape]
    return "use n_out = floor((n + 2p - k) / s) + 1 for the height and the width (p = 0 for 'valid'); the channels are the filters"


register(
    "03.1",
    reference=_SHAPE_03_1,
    kind="value",
    right=[list(_SHAPE_03_1), np.array(_SHAPE_03_1), tuple(float(v) for v in _SHAPE_03_1)],
    wrongs=list(_SHAPE_HINTS_03_1)[:3] + [(12.9, 12.9, 16.9), ("12", "12", "16")],
    data=SHAPE_LAYER,
    solution=(
        "With 'valid' padding p = 0, kernel k = 5 and stride s = 2:\n"
        "  floor((28 + 2*0 - 5) / 2) + 1 = floor(23 / 2) + 1 = 11 + 1 = 12.\n"
        "The layer has 16 filters, so 16 output channels: the shape is (12, 12, 16).\n"
        "The last window starts at row 22 = 11 * 2 and covers rows 22 to 26; one more step would start at\n"
        "row 24 and need rows up to 28, outside the image, so it is not computed (hence the floor).\n"
        "To check afterwards: keras.layers.Conv2D(16, 5, strides=2).compute_output_shape((None, 28, 28, 1))."
    ),
)(_check_03_1)


# ---------------------------------------------------------------- 03.2: a convolution with channels, stride, padding


def _conv_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, int, str]]:
    """Hidden inputs: several channels in and out, non-square images, strides 1 to 3 with sizes
    that do not divide evenly, 'same' with k = 3 and 5, a 1 x 1 kernel, a kernel as large as the
    image. The first case tells every slip in the hints apart."""
    rng = np.random.default_rng(303)
    cases = []
    for (h, w, c_in), k, c_out, stride, padding in [
        ((7, 7, 3), 3, 2, 1, "valid"),
        ((8, 6, 2), 3, 4, 2, "valid"),
        ((9, 9, 1), 5, 3, 1, "same"),
        ((6, 7, 3), 3, 1, 1, "same"),
        ((10, 10, 2), 4, 2, 3, "valid"),
        ((5, 5, 2), 1, 3, 1, "valid"),
        ((4, 4, 3), 4, 2, 1, "valid"),
        ((11, 11, 3), 3, 2, 2, "valid"),
    ]:
        x = rng.normal(size=(h, w, c_in))
        kernel = rng.normal(size=(k, k, c_in, c_out))
        bias = rng.uniform(0.5, 1.5, size=c_out) * rng.choice([-1, 1], size=c_out)
        cases.append((x, kernel, bias, stride, padding))
    return cases


_CONV_CASES = _conv_cases()


def _conv_with_loops(x: Any, kernel: Any, bias: Any, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """Another right answer: pad, then one loop over output positions and one over filters."""
    k, c_out = kernel.shape[0], kernel.shape[3]
    p = (k - 1) // 2 if padding == "same" else 0
    x = np.pad(x, ((p, p), (p, p), (0, 0)))
    h_out, w_out = (x.shape[0] - k) // stride + 1, (x.shape[1] - k) // stride + 1
    out = np.zeros((h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = x[i * stride : i * stride + k, j * stride : j * stride + k, :]  # (k, k, C_in)
            for o in range(c_out):
                out[i, j, o] = np.sum(patch * kernel[:, :, :, o]) + bias[o]
    return out


def _last_channel_only(x: Any, kernel: Any, bias: Any, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """A slip: a loop over input channels that overwrites (=) instead of adding up (+=)."""
    return conv2d(x[..., -1:], kernel[:, :, -1:, :], bias, stride, padding)


_CONV_VARIANTS = {
    "you flipped the kernel: that is the textbook convolution; Keras's Conv2D (and this exercise) computes "
    "the cross-correlation, x[i + u, j + v] * kernel[u, v], with no flip": lambda x, K, b, s, p: conv2d(
        x, K[::-1, ::-1], b, s, p
    ),
    "add the bias: one number per filter, bias[o], added to every position of feature map o": lambda x, K, b, s, p: (
        conv2d(x, K, 0 * b, s, p)
    ),
    "only the last input channel counts in your result: a loop over the channels must add up (+=) their "
    "contributions, not overwrite them (=)": _last_channel_only,
    "you averaged over the input channels; a convolution sums over them, as over the k x k positions": (
        lambda x, K, b, s, p: (conv2d(x, K, 0 * b, s, p)) / x.shape[-1] + b
    ),
    "every filter gives the same map: you summed over the output channels too. Filter o uses only "
    "kernel[:, :, :, o]": lambda x, K, b, s, p: (
        np.repeat(conv2d(x, K.sum(axis=3, keepdims=True), np.zeros(1), s, p), K.shape[3], axis=-1) + b
    ),
    "you summed the input channels of the image before multiplying: multiply each channel by its own "
    "kernel slice, kernel[:, :, c, o], then add up": lambda x, K, b, s, p: conv2d(
        x.sum(axis=-1, keepdims=True), K.sum(axis=2, keepdims=True), b, s, p
    ),
    "the kernel's rows and columns are swapped: output (i, j) multiplies x[i + u, j + v] by kernel[u, v] "
    "(row u, column v)": lambda x, K, b, s, p: conv2d(x, K.transpose(1, 0, 2, 3), b, s, p),
}


def _conv_out(n: int, k: int, s: int, p: int) -> int:
    return (n + 2 * p - k) // s + 1


_CONV_SHAPE_SLIPS = {
    "with padding='same' and k = 2p + 1, pad p = (k - 1) // 2 zeros on every side (1 for k = 3, 2 for k = 5), "
    "so that the output keeps the input's size": lambda x, K, b, s, p: (
        *(_conv_out(n, K.shape[0], s, K.shape[0] // 2 + 1 if p == "same" else 0) for n in x.shape[:2]),
        K.shape[3],
    ),
    "padding='same' adds p = (k - 1) // 2 zeros on every side; 'valid' adds none": lambda x, K, b, s, p: (
        *(_conv_out(n, K.shape[0], s, 0) for n in x.shape[:2]),
        K.shape[3],
    ),
    "the kernel moves by the stride s between outputs: take positions 0, s, 2s, ... (x[i*s + u, j*s + v])": (
        lambda x, K, b, s, p: (
            *(_conv_out(n, K.shape[0], 1, (K.shape[0] - 1) // 2 if p == "same" else 0) for n in x.shape[:2]),
            K.shape[3],
        )
    ),
    "round (n + 2p - k) / s down: a window that would stick out of the image is not computed": lambda x, K, b, s, p: (
        *(-(-(n - K.shape[0]) // s) + 1 if p == "valid" else n for n in x.shape[:2]),
        K.shape[3],
    ),
}


def _check_03_2(answer: Any) -> str | None:
    return _check_code_with_shapes(
        answer,
        _CONV_SHAPE_SLIPS,
        reference=conv2d,
        cases=_CONV_CASES,
        variants=_CONV_VARIANTS,
        advice="pad x, then for each output (i, j) and filter o: sum(x_pad[i*s : i*s + k, j*s : j*s + k, :] * "
        "kernel[:, :, :, o]) + bias[o]",
        rtol=1e-4,
        atol=1e-5,  # float32 arrays, as in section 2's cross_correlate, are fine
    )


register(
    "03.2",
    reference=conv2d,
    kind="code",
    right=[_conv_with_loops],
    wrongs=list(_CONV_VARIANTS.values())[:3],
    solution=(
        "def conv2d(x, kernel, bias, stride=1, padding='valid'):\n"
        "    k, c_out = kernel.shape[0], kernel.shape[3]\n"
        "    p = (k - 1) // 2 if padding == 'same' else 0\n"
        "    x = np.pad(x, ((p, p), (p, p), (0, 0)))              # zeros around, none on the channel axis\n"
        "    h_out = (x.shape[0] - k) // stride + 1               # floor((H + 2p - k) / s) + 1\n"
        "    w_out = (x.shape[1] - k) // stride + 1\n"
        "    out = np.zeros((h_out, w_out, c_out))\n"
        "    for i in range(h_out):\n"
        "        for j in range(w_out):\n"
        "            patch = x[i * stride : i * stride + k, j * stride : j * stride + k, :]  # (k, k, C_in)\n"
        "            for o in range(c_out):\n"
        "                out[i, j, o] = np.sum(patch * kernel[:, :, :, o]) + bias[o]\n"
        "    return out\n"
        "np.sum over the (k, k, C_in) patch adds up the positions and the input channels in one go; each\n"
        "filter o has its own slice of the kernel and its own bias. Without the loop over filters:\n"
        "    out[i, j] = np.tensordot(patch, kernel, axes=3) + bias       # (C_out,)\n"
        "and without any loop: windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(0, 1))\n"
        "[::stride, ::stride], then np.einsum('ijcuv,uvco->ijo', windows, kernel) + bias."
    ),
)(_check_03_2)


# ---------------------------------------------------------------- 03.3: max pooling


def _pool_cases() -> list[tuple[np.ndarray, int, int]]:
    """Hidden inputs: even and odd sides (leftover rows dropped), overlapping windows (size 3,
    stride 2), stride 1, windows of negative numbers only, one channel, non-square maps, one window
    covering the whole map. The first case tells every slip in the hints apart."""
    rng = np.random.default_rng(304)
    cases = []
    for (h, w, c), size, stride, shift in [
        ((6, 6, 3), 2, 2, -0.5),
        ((7, 9, 2), 2, 2, 0.0),
        ((9, 9, 2), 3, 2, 0.0),
        ((8, 6, 1), 3, 3, 0.0),
        ((5, 5, 2), 2, 1, 0.0),
        ((6, 4, 3), 2, 2, -10.0),
        ((4, 4, 2), 4, 4, 0.0),
    ]:
        cases.append((rng.normal(size=(h, w, c)) + shift, size, stride))
    return cases


_POOL_CASES = _pool_cases()


def _pool_with_loops(x: Any, size: int, stride: int) -> np.ndarray:
    """Another right answer: a loop over output positions, the max of each window over its two axes."""
    h_out, w_out = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    out = np.zeros((h_out, w_out, x.shape[2]))
    for i in range(h_out):
        for j in range(w_out):
            out[i, j] = x[i * stride : i * stride + size, j * stride : j * stride + size].max(axis=(0, 1))
    return out


def _average_pool(x: Any, size: int, stride: int) -> np.ndarray:
    windows = sliding_window_view(np.asarray(x, dtype=float), (size, size), axis=(0, 1))[::stride, ::stride]
    return windows.mean(axis=(-2, -1))


_POOL_VARIANTS = {
    "that is average pooling: max pooling keeps the largest value of each window": _average_pool,
    "your maximum starts from 0, so a window of negative numbers gives 0: start from the window's own "
    "values (np.max of the window, or -np.inf)": lambda x, size, stride: np.maximum(max_pool(x, size, stride), 0.0),
    "the maximum is taken over the channels too: pool each channel on its own, over the two spatial axes "
    "only": lambda x, size, stride: np.broadcast_to(
        max_pool(x, size, stride).max(axis=-1, keepdims=True), max_pool(x, size, stride).shape
    ),
}

_POOL_SHAPE_SLIPS = {
    "the window moves by the stride between outputs (2 for MaxPooling2D(2)), not by one pixel": lambda x, size, stride: (
        *(n - size + 1 for n in x.shape[:2]),
        x.shape[2],
    ),
    "the window moves by the stride, which need not equal the window size (size 3, stride 2 overlaps)": (
        lambda x, size, stride: (*((n - size) // size + 1 for n in x.shape[:2]), x.shape[2])
    ),
    "rows or columns left over at the edge, too few for a whole window, are dropped: round "
    "(n - size) / stride down": lambda x, size, stride: (
        *(-(-(n - size) // stride) + 1 for n in x.shape[:2]),
        x.shape[2],
    ),
    "keep the channel axis: pool each channel on its own and return an array of shape (H_out, W_out, C)": (
        lambda x, size, stride: tuple((n - size) // stride + 1 for n in x.shape[:2])
    ),
}


def _check_03_3(answer: Any) -> str | None:
    return _check_code_with_shapes(
        answer,
        _POOL_SHAPE_SLIPS,
        reference=max_pool,
        cases=_POOL_CASES,
        variants=_POOL_VARIANTS,
        advice="output (i, j, c) is the max of x[i*stride : i*stride + size, j*stride : j*stride + size, c]",
    )


register(
    "03.3",
    reference=max_pool,
    kind="code",
    right=[_pool_with_loops],
    wrongs=list(_POOL_VARIANTS.values()),
    solution=(
        "def max_pool(x, size, stride):\n"
        "    h_out = (x.shape[0] - size) // stride + 1    # the shape formula with p = 0, k = size\n"
        "    w_out = (x.shape[1] - size) // stride + 1\n"
        "    out = np.zeros((h_out, w_out, x.shape[2]))\n"
        "    for i in range(h_out):\n"
        "        for j in range(w_out):\n"
        "            window = x[i * stride : i * stride + size, j * stride : j * stride + size]  # (size, size, C)\n"
        "            out[i, j] = window.max(axis=(0, 1))   # one maximum per channel\n"
        "    return out\n"
        "Taking the max over axes (0, 1) keeps the channels apart; a window of negative numbers keeps its\n"
        "(negative) maximum. Without loops: np.lib.stride_tricks.sliding_window_view(x, (size, size),\n"
        "axis=(0, 1))[::stride, ::stride].max(axis=(-2, -1))."
    ),
)(_check_03_3)


# ---------------------------------------------------------------- 03.4: predict, then run: CNN or MLP?

register_prediction(
    "03.4",
    options={
        "a": "the MLP: with 15 times more weights it can learn more",
        "b": "the CNN, by more than half a percentage point",
        "c": "neither: they end within half a percentage point of each other",
    },
    answer="b",
    why=(
        "the MLP gives every pixel its own weight, so it must learn each stroke at each position "
        "separately, and most of its weights fit details of the training images. The CNN shares one small "
        "kernel across all positions and looks at local patches, which is what digits are made of: fewer "
        "weights, each trained on every position of every image. On the full data the keras.io CNN ends "
        "more than a point above the MLP on the test images (the line above)."
    ),
)


# ---------------------------------------------------------------- 03.5: change the model, within a budget

SMALL_MODEL_RULES = {"max_params": 10_000, "target": 0.97, "epochs": 2, "batch_size": 64, "learning_rate": 3e-3}
_VAL_SIZE = 6_000  # the checker scores the last 6,000 images of load_mnist's shuffle, never trained on


@functools.cache
def _mnist(n_train: int | None = 1) -> Any:
    """MNIST split as the notebook splits it (the same seed): ``n_train=None`` loads all 54,000
    training images (for the reference of 03.5), the default only what the checker needs."""
    from .. import datasets

    return datasets.load_mnist(n_train=n_train, n_test=1, val_size=_VAL_SIZE, channels=True)


def validation_images() -> tuple[np.ndarray, np.ndarray]:
    """The 6,000 validation images and labels 03.5 is scored on (no notebook trains on them).

    Example:
        >>> x, y = validation_images()
        >>> x.shape, y.shape
        ((6000, 28, 28, 1), (6000,))
    """
    mnist = _mnist()
    return mnist.x_val, mnist.y_val


def _layers_small_cnn(layers: Any) -> list[Any]:
    return [
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]


class _ModelRecipe:
    """A Keras model built, and trained if ``epochs`` > 0, the first time it is used: the reference
    and the typical answers of 03.5, without importing Keras or training when this module loads."""

    def __init__(self, name: str, make_layers: Callable[[Any], list[Any]], epochs: int = 0, built: bool = True):
        self.name, self.make_layers, self.epochs, self._built = name, make_layers, epochs, built

    def __repr__(self) -> str:
        return f"<03.5 model: {self.name}>"

    @functools.cached_property
    def model(self) -> Any:
        import keras

        keras.utils.set_random_seed(0)
        inputs = [keras.Input(shape=(28, 28, 1))] if self._built else []
        model = keras.Sequential(inputs + self.make_layers(keras.layers), name=self.name.replace(" ", "_"))
        if self.epochs:
            rules = SMALL_MODEL_RULES
            model.compile(keras.optimizers.Adam(rules["learning_rate"]), "sparse_categorical_crossentropy")
            mnist = _mnist(n_train=None)
            model.fit(mnist.x_train, mnist.y_train, batch_size=rules["batch_size"], epochs=self.epochs, verbose=0)
        return model

    @property
    def built(self) -> bool:
        return bool(self.model.built)

    def count_params(self) -> int:
        return int(self.model.count_params())

    def predict(self, x: Any, **kwargs: Any) -> Any:
        return self.model.predict(x, **kwargs)


class _LogitsOf(_ModelRecipe):
    """Another right answer: the trained reference as a functional model that outputs logits (scores
    before the softmax), which rank the classes the same way."""

    def __init__(self, trained: _ModelRecipe):
        super().__init__("the solution, giving logits", _layers_small_cnn)
        self.trained = trained

    @functools.cached_property
    def model(self) -> Any:
        import keras

        inner = self.trained.model
        inputs = keras.Input(shape=(28, 28, 1))
        x = inputs
        for layer in inner.layers[:-1]:
            x = layer(x)
        last = keras.layers.Dense(10)  # the same weights as the softmax layer, without the softmax
        logits = last(x)
        last.set_weights(inner.layers[-1].get_weights())
        return keras.Model(inputs, logits)


_SOLUTION_03_5 = _ModelRecipe("a small CNN", _layers_small_cnn, epochs=1)


def _check_03_5(answer: Any) -> str | None:
    x, y = validation_images()
    rules = SMALL_MODEL_RULES
    return check_model(answer, x, y, target=rules["target"], max_params=rules["max_params"], what="validation accuracy")


register(
    "03.5",
    reference=_SOLUTION_03_5,
    kind="model",
    right=[_LogitsOf(_SOLUTION_03_5)],
    wrongs=[
        _ModelRecipe(
            "the MLP of section 4, untrained",
            lambda layers: [
                layers.Flatten(),
                layers.Dense(512, activation="relu"),
                layers.Dense(256, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ],
        ),
        _ModelRecipe("a small CNN, untrained", _layers_small_cnn),
        _ModelRecipe("a model without an Input, never trained", _layers_small_cnn, built=False),
    ],
    data=SMALL_MODEL_RULES,
    solution=(
        "Replace the hidden Dense layer by convolutions and pooling, keep the last Dense(10):\n"
        "    keras.Input(shape=(28, 28, 1)),\n"
        "    layers.Conv2D(8, 3, activation='relu'),    # 80 parameters: (3*3*1 + 1) * 8\n"
        "    layers.MaxPooling2D(2),\n"
        "    layers.Conv2D(16, 3, activation='relu'),   # 1,168 = (3*3*8 + 1) * 16\n"
        "    layers.MaxPooling2D(2),\n"
        "    layers.Conv2D(32, 3, activation='relu'),   # 4,640 = (3*3*16 + 1) * 32, output 3 x 3 x 32\n"
        "    layers.Flatten(),\n"
        "    layers.Dense(10, activation='softmax'),    # 2,890 = (288 + 1) * 10\n"
        "8,778 parameters in all; after 2 epochs on the 54,000 training images it reaches about 98% on the\n"
        "validation images, where the 9,550-parameter MLP stops near 93%. The dense layer on 784 pixels\n"
        "spends most of an MLP's budget; convolutions reuse a few weights at every position, and pooling\n"
        "shrinks the map before the last Dense layer, so that it stays small."
    ),
)(_check_03_5)


# ---------------------------------------------------------------- 03.6: the receptive field after conv, pool, conv

FIELD_LAYERS = [(3, 1), (2, 2), (3, 1)]  # (kernel, stride): Conv2D 3 x 3, MaxPooling2D(2), Conv2D 3 x 3
_FIELD_03_6 = receptive_field(FIELD_LAYERS)
_FIELD_HINTS_03_6 = {
    receptive_field([(3, 1), (3, 1)]): "the pooling layer widens the field too, and its stride 2 doubles the "
    "step of every layer after it",
    1 + sum(k - 1 for k, _ in FIELD_LAYERS): "close: after the pooling, one step of the second convolution moves "
    "2 pixels in the input, so its kernel adds (3 - 1) * 2 pixels, not 3 - 1",
    3 * 2 * 3: "neighbouring windows overlap: 3 pooled values cover 6 outputs of the first convolution, and "
    "those see 6 + 2 pixels, not 6 * 3",
}


def _check_03_6(answer: Any) -> str | None:
    field = as_whole(answer, what="side of the receptive field (pixels)")
    if field == _FIELD_03_6:
        return None
    return _FIELD_HINTS_03_6.get(
        field, "field = 1 + sum over layers of (kernel - 1) * (product of the strides of the layers before it)"
    )


register(
    "03.6",
    reference=_FIELD_03_6,
    kind="value",
    right=[float(_FIELD_03_6), np.int64(_FIELD_03_6)],
    wrongs=list(_FIELD_HINTS_03_6)[:2] + [_FIELD_03_6 + 0.5, str(_FIELD_03_6)],
    data={"layers": FIELD_LAYERS},
    solution=(
        "Follow one unit back to the input, along one side. The second 3 x 3 convolution sees\n"
        "3 pooled values. Each pooled value covers 2 outputs of the first convolution, without\n"
        "overlap: 3 * 2 = 6 of them. Each of those sees 3 pixels, and neighbours overlap by 2,\n"
        "so together they see 6 + 2 = 8 pixels.\n"
        "Rule: field = 1 + sum over layers of (kernel - 1) * (product of earlier strides)\n"
        "      = 1 + (3-1)*1 + (2-1)*1 + (3-1)*2 = 8, an 8 x 8 patch."
    ),
)(_check_03_6)
