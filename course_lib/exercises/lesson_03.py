"""Exercises of lesson 03 (convolutional neural networks).

* 03.1: the output shape of a convolution with stride, from the shape formula.
* 03.2: the number of parameters of a ``Conv2D`` layer on a colour image.
* 03.3: the receptive field of a unit after conv, pool, conv.

Expected values are computed here from the formulas, not typed in.
"""

from __future__ import annotations

from typing import Any

from ..check import close_to, register


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


def conv_param_count(kernel: int, in_channels: int, filters: int, bias: bool = True) -> int:
    """Weights of a 2-D convolution: k * k * C_in * C_out, plus one bias per filter.

    Example:
        >>> conv_param_count(3, 1, 32)
        320
    """
    return kernel * kernel * in_channels * filters + (filters if bias else 0)


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


def _shape_hint(expected: tuple[int, ...], answer: Any) -> str | None:
    try:
        got = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return f"give the shape as a tuple of integers such as {tuple(1 for _ in expected)}"
    if len(got) != len(expected):
        return f"the shape has {len(expected)} numbers (height, width, channels), yours has {len(got)}"
    if got[2] != expected[2]:
        return "the number of channels equals the number of filters"
    if got[:2] != expected[:2]:
        return "use floor((n + 2p - k) / s) + 1 with p = 0 for 'valid' padding and the stride s"
    return None


# 03.1: Conv2D(16, kernel_size=5, strides=2, padding="valid") on a 28 x 28 x 1 image.
_SIDE = conv_output_size(28, kernel=5, stride=2)
_SHAPE_03_1 = (_SIDE, _SIDE, 16)


@register(
    "03.1",
    reference=_SHAPE_03_1,
    wrong=(24, 24, 16),
    solution=(
        "With 'valid' padding p = 0, kernel k = 5 and stride s = 2:\n"
        "  floor((28 + 2*0 - 5) / 2) + 1 = floor(23 / 2) + 1 = 11 + 1 = 12.\n"
        "The layer has 16 filters, so 16 output channels: the shape is (12, 12, 16).\n"
        "Check: keras.layers.Conv2D(16, 5, strides=2).compute_output_shape((None, 28, 28, 1))."
    ),
)
def _check_03_1(answer: Any) -> str | None:
    return _shape_hint(_SHAPE_03_1, answer)


# 03.2: parameters of Conv2D(32, kernel_size=5) applied to a 32 x 32 x 3 colour image (CIFAR-10).
_PARAMS_03_2 = conv_param_count(5, 3, 32)


@register(
    "03.2",
    reference=_PARAMS_03_2,
    wrong=conv_param_count(5, 1, 32),
    solution=(
        "Each of the 32 filters has a 5 x 5 weight for every one of the 3 colour channels,\n"
        "plus one bias: 32 * (5*5*3 + 1) = 32 * 76 = 2,432 parameters.\n"
        "The 32 x 32 size of the image does not matter: the same weights slide over every position.\n"
        "Check: layer = keras.layers.Conv2D(32, 5); layer.build((None, 32, 32, 3)); layer.count_params()."
    ),
)
def _check_03_2(answer: Any) -> str | None:
    if close_to(_PARAMS_03_2, answer, atol=0.5, rtol=0, what="parameter count") is None:
        return None
    if close_to(_PARAMS_03_2 - 32, answer, atol=0.5, rtol=0) is None:
        return "close: each filter also has one bias"
    if close_to(conv_param_count(5, 1, 32), answer, atol=0.5, rtol=0) is None:
        return "each filter has a 5 x 5 kernel for every input channel (3 of them: red, green, blue)"
    if close_to(_PARAMS_03_2 * conv_output_size(32, 5) ** 2, answer, atol=0.5, rtol=0) is None:
        return "the weights are shared across positions: the image size does not enter the count"
    return "count k * k * C_in weights per filter, plus one bias, then multiply by the number of filters"


# 03.3: receptive field of one unit after Conv 3x3 (stride 1) -> MaxPool 2x2 (stride 2) -> Conv 3x3.
_FIELD_03_3 = receptive_field([(3, 1), (2, 2), (3, 1)])


@register(
    "03.3",
    reference=_FIELD_03_3,
    wrong=7,
    solution=(
        "Follow one unit back to the input, along one side. The second 3 x 3 convolution sees\n"
        "3 pooled values. Each pooled value covers 2 outputs of the first convolution, without\n"
        "overlap: 3 * 2 = 6 of them. Each of those sees 3 pixels, and neighbours overlap by 2,\n"
        "so together they see 6 + 2 = 8 pixels.\n"
        "Rule: field = 1 + sum over layers of (kernel - 1) * (product of earlier strides)\n"
        "      = 1 + (3-1)*1 + (2-1)*1 + (3-1)*2 = 8, an 8 x 8 patch."
    ),
)
def _check_03_3(answer: Any) -> str | None:
    problem = close_to(_FIELD_03_3, answer, atol=0.5, rtol=0, what="receptive field side")
    if problem is None:
        return None
    if close_to(receptive_field([(3, 1), (3, 1)]), answer, atol=0.5, rtol=0) is None:
        return "the pooling layer also widens the field, and its stride doubles the step of the next layer"
    return "field = 1 + sum of (kernel - 1) * (product of the strides of the layers before it); give one number"
