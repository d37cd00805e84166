"""Exercises of lesson 05 (attention and transformers).

05.1  value    the attention weights of one query, by hand, to 2 decimals
05.2  code     split a projection into heads: (batch, n, heads * d_head) -> (batch, heads, n, d_head)
05.3  code     the sinusoidal position encoding table
05.4  code     scaled dot-product self-attention with an optional causal mask, in NumPy
05.5  predict  which review classifier reaches the best test accuracy

Every expected value is computed here from the math; the code exercises run the learner's function
on hidden inputs made below with a fixed seed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..check import as_array, check_function, check_value, register, register_prediction

# ------------------------------------------------------------------ 05.1 attention weights of one query

QUERY = (1.0, 0.0)
KEYS = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0))


def attention_weights(query: Any, keys: Any, divide_by: str = "sqrt") -> np.ndarray:
    """softmax(q . k_j / sqrt(d_k)) over the keys k_j; ``divide_by`` is "sqrt" (the formula), "d" or
    "none" (two usual slips, for the hints).

    Example:
        >>> attention_weights([1.0, 0.0], [[1.0, 0.0], [1.0, 0.0]]).tolist()
        [0.5, 0.5]
    """
    q, k = np.asarray(query, dtype=float), np.asarray(keys, dtype=float)
    scale = {"sqrt": np.sqrt(q.size), "d": float(q.size), "none": 1.0}[divide_by]
    scores = k @ q / scale
    e = np.exp(scores - scores.max())
    return e / e.sum()


_WEIGHTS = attention_weights(QUERY, KEYS)
_HINTS_05_1 = [
    (
        attention_weights(QUERY, KEYS, "none"),
        "close: divide the dot products by sqrt(d_k) = sqrt(2) before the softmax",
    ),
    (attention_weights(QUERY, KEYS, "d"), "divide the scores by the square root of d_k, sqrt(2), not by d_k = 2"),
    (np.asarray(KEYS) @ np.asarray(QUERY), "those are the raw scores q . k; scale them by 1 / sqrt(d_k), then softmax"),
    (np.asarray(KEYS) @ np.asarray(QUERY) / math.sqrt(2), "those are the scaled scores; now apply the softmax"),
]


@register(
    "05.1",
    reference=_WEIGHTS,
    kind="value",
    right=[np.round(_WEIGHTS, 2).tolist(), tuple(np.round(_WEIGHTS, 3)), np.round(_WEIGHTS, 2)[None, :]],
    wrongs=[_HINTS_05_1[0][0], _HINTS_05_1[2][0], [0.5, 0.5, 0.5]],
    data={"query": list(QUERY), "keys": [list(k) for k in KEYS]},
    solution=(
        "Scores: q . k = [1, 0, -1]. Scale by 1 / sqrt(d_k) = 1 / sqrt(2): [0.707, 0, -0.707].\n"
        "Softmax: e = np.exp([0.707, 0.0, -0.707]); answer = e / e.sum()   ->   [0.58, 0.28, 0.14]\n"
        "Or with the lesson's function:\n"
        "  _, A = scaled_dot_product_attention(np.array([[1., 0.]]), np.array([[1., 0.], [0., 1.], [-1., 0.]]),\n"
        "                                      np.eye(3))\n"
        "  answer = A[0]\n"
        "The key pointing the same way as the query gets the most weight, the opposite one the least."
    ),
)
def _check_05_1(answer: Any) -> str | None:
    got = as_array(answer, _WEIGHTS.shape, "attention weights")
    total = float(np.sum(got))
    fallback = (
        f"attention weights come from a softmax and add up to 1; yours add up to {total:.2f}"
        if abs(total - 1.0) > 0.02
        else ""
    )
    return check_value(got, _WEIGHTS, 2, hints=_HINTS_05_1, what="attention weights", fallback=fallback)


# ------------------------------------------------------------------ 05.2 split a projection into heads


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """(batch, n, num_heads * d_head) -> (batch, num_heads, n, d_head); head i takes the block of
    columns i * d_head to (i + 1) * d_head - 1, as Keras's (d_model, heads, d_head) kernels do.

    Example:
        >>> split_heads(np.arange(4.0).reshape(1, 1, 4), 2).tolist()
        [[[[0.0, 1.0]], [[2.0, 3.0]]]]
    """
    batch, n, width = x.shape
    return x.reshape(batch, n, num_heads, width // num_heads).transpose(0, 2, 1, 3)


def _split_heads_loop(x: np.ndarray, num_heads: int) -> np.ndarray:
    """A second correct way: slice each head's block of columns, then stack the heads."""
    d_head = x.shape[-1] // num_heads
    return np.stack([x[:, :, i * d_head : (i + 1) * d_head] for i in range(num_heads)], axis=1)


def _split_heads_no_transpose(x: np.ndarray, num_heads: int) -> np.ndarray:
    batch, n, width = x.shape
    return x.reshape(batch, num_heads, n, width // num_heads)


def _split_heads_strided(x: np.ndarray, num_heads: int) -> np.ndarray:
    batch, n, width = x.shape
    return x.reshape(batch, n, width // num_heads, num_heads).transpose(0, 3, 1, 2)


def _split_heads_keep_order(x: np.ndarray, num_heads: int) -> np.ndarray:
    batch, n, width = x.shape
    return x.reshape(batch, n, num_heads, width // num_heads)


_rng = np.random.default_rng(505)
SPLIT_CASES = [
    (_rng.normal(size=(2, 5, 8)), 2),
    (_rng.normal(size=(1, 3, 12)), 3),
    (_rng.normal(size=(3, 1, 6)), 2),  # one position
    (_rng.normal(size=(2, 4, 4)), 4),  # heads of one number each
    (_rng.normal(size=(2, 6, 6)), 1),  # a single head
]
_SPLIT_VARIANTS = {
    "reshaping straight to (batch, heads, n, d_head) mixes positions into the heads: reshape to "
    "(batch, n, heads, d_head) first, then move the heads axis forward with .transpose(0, 2, 1, 3)": (
        _split_heads_no_transpose
    ),
    "your head i takes every h-th column; it should take a block of d_head neighbouring columns, "
    "i * d_head to (i + 1) * d_head - 1: reshape to (batch, n, heads, d_head), not (batch, n, d_head, heads)": (
        _split_heads_strided
    ),
}


def _split_diagnosis(got: Any, case: tuple[Any, ...], index: int) -> str | None:
    """The heads axis left after the positions: the hint needs the learner's output shape. Only on the
    first case: where n equals the number of heads, that shape is also the right one."""
    (batch, n, width), heads = case[0].shape, case[1]
    if index == 0 and np.shape(got) == (batch, n, heads, width // heads):
        return (
            "your array is (batch, n, heads, d_head): the heads axis must come before the positions, "
            "(batch, heads, n, d_head); move it with .transpose(0, 2, 1, 3)"
        )
    return None


@register(
    "05.2",
    reference=split_heads,
    kind="code",
    right=[_split_heads_loop],
    wrongs=[_split_heads_no_transpose, _split_heads_strided, _split_heads_keep_order],
    solution=(
        "def split_heads(x, num_heads):\n"
        "    batch, n, width = x.shape\n"
        "    d_head = width // num_heads\n"
        "    return x.reshape(batch, n, num_heads, d_head).transpose(0, 2, 1, 3)\n"
        "\n"
        "The reshape cuts each position's row into num_heads blocks of d_head numbers (the last axis is\n"
        "split, the positions stay apart); the transpose then puts the heads before the positions, so\n"
        "that every head holds its own (n, d_head) matrix. Reshaping straight to (batch, heads, n, d_head)\n"
        "has the right shape but pours the numbers in memory order: positions end up in the wrong head.\n"
        "It is what np.einsum('bnd,dhk->bhnk', x, Wq) does in one step with Keras's (d_model, h, d_head) kernel."
    ),
)
def _check_05_2(function: Any) -> str | None:
    return check_function(
        function,
        split_heads,
        SPLIT_CASES,
        variants=_SPLIT_VARIANTS,
        diagnose=_split_diagnosis,
        advice="head i holds columns i * d_head to (i + 1) * d_head - 1 of every position",
        name="split_heads",
    )


# ------------------------------------------------------------------ 05.3 sinusoidal position encoding


def position_encoding(n_positions: int, d_model: int) -> np.ndarray:
    """The (n_positions, d_model) sinusoidal table of Vaswani et al. (2017), the lesson's convention:
    PE(pos, 2i) = sin(pos / 10000**(2i/d_model)), PE(pos, 2i+1) = cos(pos / 10000**(2i/d_model)).

    Example:
        >>> position_encoding(2, 4).round(3).tolist()
        [[0.0, 1.0, 0.0, 1.0], [0.841, 0.54, 0.01, 1.0]]
    """
    positions = np.arange(n_positions)[:, None]
    angles = positions / 10000 ** (np.arange(0, d_model, 2) / d_model)  # (n_positions, d_model / 2)
    table = np.zeros((n_positions, d_model))
    table[:, 0::2], table[:, 1::2] = np.sin(angles), np.cos(angles)
    return table


def _position_encoding_loop(n_positions: int, d_model: int) -> np.ndarray:
    """A second correct way: the formula, one entry at a time."""
    table = np.zeros((n_positions, d_model))
    for pos in range(n_positions):
        for i in range(d_model // 2):
            angle = pos / 10000 ** (2 * i / d_model)
            table[pos, 2 * i], table[pos, 2 * i + 1] = math.sin(angle), math.cos(angle)
    return table


def _pe_angles(n_positions: int, d_model: int, exponent: str = "2i/d", first: int = 0) -> np.ndarray:
    positions = np.arange(first, first + n_positions)[:, None]
    i = np.arange(d_model // 2)
    power = {"2i/d": 2 * i / d_model, "i/d": i / d_model}[exponent]
    return positions / 10000**power


def _interleave(even: np.ndarray, odd: np.ndarray) -> np.ndarray:
    table = np.zeros((even.shape[0], 2 * even.shape[1]))
    table[:, 0::2], table[:, 1::2] = even, odd
    return table


def _pe_concatenated(n: int, d: int) -> np.ndarray:
    angles = _pe_angles(n, d)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)


def _pe_swapped(n: int, d: int) -> np.ndarray:
    angles = _pe_angles(n, d)
    return _interleave(np.cos(angles), np.sin(angles))


def _pe_exponent_i(n: int, d: int) -> np.ndarray:
    angles = _pe_angles(n, d, "i/d")
    return _interleave(np.sin(angles), np.cos(angles))


def _pe_dimension_index(n: int, d: int) -> np.ndarray:
    angles = np.arange(n)[:, None] / 10000 ** (np.arange(d) / d)  # dimension j, not pair i
    return _interleave(np.sin(angles[:, 0::2]), np.cos(angles[:, 1::2]))


def _pe_multiplied(n: int, d: int) -> np.ndarray:
    angles = np.arange(n)[:, None] * 10000 ** (np.arange(0, d, 2) / d)
    return _interleave(np.sin(angles), np.cos(angles))


def _pe_from_one(n: int, d: int) -> np.ndarray:
    angles = _pe_angles(n, d, first=1)
    return _interleave(np.sin(angles), np.cos(angles))


PE_CASES = [(6, 4), (1, 2), (10, 6), (50, 32), (3, 128), (7, 2)]  # the first is not square: a transpose shows
_PE_VARIANTS = {
    "the lesson interleaves: sines in the even dimensions 0, 2, 4, ..., cosines in the odd ones 1, 3, 5, ...; "
    "yours puts all the sines first, then all the cosines (a convention some libraries use, not this lesson's)": (
        _pe_concatenated
    ),
    "sine and cosine are swapped: PE(pos, 2i) is the sine, PE(pos, 2i + 1) the cosine": _pe_swapped,
    "the exponent is 2i / d_model, with i = 0, 1, ..., d_model / 2 - 1 the index of the pair; yours uses i / d_model": (
        _pe_exponent_i
    ),
    "both dimensions of a pair, 2i and 2i + 1, share one frequency 1 / 10000^(2i / d_model): use the pair index i, "
    "not the dimension index (np.arange(0, d_model, 2) / d_model gives the exponents)": _pe_dimension_index,
    "divide the position by 10000^(2i / d_model), do not multiply: the waves slow down as i grows": _pe_multiplied,
    "positions start at 0: the first row is sin(0) = 0 and cos(0) = 1 alternating": _pe_from_one,
}


@register(
    "05.3",
    reference=position_encoding,
    kind="code",
    right=[_position_encoding_loop],
    wrongs=[_pe_concatenated, _pe_swapped, _pe_exponent_i, _pe_dimension_index],
    solution=(
        "def position_encoding(n_positions, d_model):\n"
        "    positions = np.arange(n_positions)[:, None]                   # (n_positions, 1)\n"
        "    exponents = np.arange(0, d_model, 2) / d_model                # 2i / d_model, i = 0 .. d_model/2 - 1\n"
        "    angles = positions / 10000**exponents                          # (n_positions, d_model / 2)\n"
        "    PE = np.zeros((n_positions, d_model))\n"
        "    PE[:, 0::2] = np.sin(angles)                                   # even dimensions 2i\n"
        "    PE[:, 1::2] = np.cos(angles)                                   # odd dimensions 2i + 1\n"
        "    return PE\n"
        "\n"
        "Broadcasting a column of positions against a row of frequencies gives every angle at once. The\n"
        "pair (2i, 2i + 1) shares one frequency, so each pair is a clock hand: (sin, cos) of one angle."
    ),
)
def _check_05_3(function: Any) -> str | None:
    return check_function(
        function,
        position_encoding,
        PE_CASES,
        variants=_PE_VARIANTS,
        atol=1e-5,  # float32 tables are fine
        rtol=1e-4,
        advice="row pos, dimension 2i is sin(pos / 10000**(2i / d_model)), dimension 2i + 1 the cosine of the same angle",
    )


# ------------------------------------------------------------------ 05.4 self-attention with a causal mask


def _softmax_rows(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    """softmax(q k^T / sqrt(d)) v for q, k of shape (T, d) and v of shape (T, d_v); with ``causal``,
    position i attends only to positions j <= i. Returns the (T, d_v) outputs.

    Example:
        >>> q = k = np.eye(2)
        >>> attention(q, k, np.array([[1.0], [3.0]]), causal=True).round(3).tolist()
        [[1.0], [2.34]]
    """
    T, d = q.shape
    scores = q @ k.T / np.sqrt(d)  # (T, T): query i against key j
    if causal:
        scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)  # key j > i: forbidden
    return _softmax_rows(scores) @ v


def _attention_loop(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    """A second correct way: one query at a time, over the keys it may see."""
    out = np.zeros((q.shape[0], v.shape[1]))
    for i in range(q.shape[0]):
        visible = i + 1 if causal else k.shape[0]
        scores = np.array([q[i] @ k[j] for j in range(visible)]) / math.sqrt(q.shape[1])
        weights = np.exp(scores - scores.max())
        out[i] = (weights / weights.sum()) @ v[:visible]
    return out


def _masked(scores: np.ndarray, causal: bool, triangle: str = "lower", fill: float = -1e9) -> np.ndarray:
    if not causal:
        return scores
    T = scores.shape[0]
    allowed = {
        "lower": np.tril(np.ones((T, T), dtype=bool)),
        "upper": np.triu(np.ones((T, T), dtype=bool)),
        "strict": np.tril(np.ones((T, T), dtype=bool), k=-1),
    }[triangle]
    return np.where(allowed, scores, fill)


def _att_unscaled(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T, causal)) @ v


def _att_divided_by_d(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / q.shape[1], causal)) @ v


def _att_scaled_by_dv(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(v.shape[1]), causal)) @ v


def _att_wrong_axis(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(q.shape[1]), causal), axis=0) @ v


def _att_no_transpose(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k / np.sqrt(q.shape[1]), causal)) @ v


def _att_no_transpose_hint(q, k, v, causal=False):  # as a hint: only where q @ k runs (T == d)
    return _att_no_transpose(q, k, v, causal) if q.shape[0] == q.shape[1] else np.full((q.shape[0], v.shape[1]), np.nan)


def _att_mask_after_softmax(q, k, v, causal=False):
    weights = _softmax_rows(q @ k.T / np.sqrt(q.shape[1]))
    if causal:
        weights = weights * np.tril(np.ones_like(weights))
    return weights @ v


def _att_upper_triangle(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(q.shape[1]), causal, "upper")) @ v


def _att_no_diagonal(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(q.shape[1]), causal, "strict")) @ v


def _att_zero_fill(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(q.shape[1]), causal, fill=0.0)) @ v


def _att_mask_ignored(q, k, v, causal=False):
    return attention(q, k, v, causal=False)


def _att_weights_only(q, k, v, causal=False):
    return _softmax_rows(_masked(q @ k.T / np.sqrt(q.shape[1]), causal))


def _att_no_max_subtraction(q, k, v, causal=False):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(_masked(q @ k.T / np.sqrt(q.shape[1]), causal))
        return e / e.sum(axis=-1, keepdims=True) @ v


def _qkv(T: int, d: int, d_v: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return scale * _rng.normal(size=(T, d)), scale * _rng.normal(size=(T, d)), _rng.normal(size=(T, d_v))


_LARGE = 5  # the index of the case whose scores reach several hundred
ATTENTION_CASES = [
    (*_qkv(4, 4, 3), False),  # square q k, so a missing transpose runs (and is caught)
    (*_qkv(5, 4, 2), True),
    (*_qkv(6, 8, 8), True),
    (*_qkv(1, 3, 2), True),  # one position: it sees only itself
    (*_qkv(7, 2, 5), False),
    (*_qkv(5, 16, 4, scale=30.0), True),  # scores in the hundreds: np.exp overflows without the max subtracted
    (*_qkv(8, 4, 6), True),
]
_ATTENTION_VARIANTS = {
    "divide the scores q k^T by sqrt(d) before the softmax (d = q.shape[1])": _att_unscaled,
    "divide the scores by the square root of d, np.sqrt(d), not by d itself": _att_divided_by_d,
    "the scaling uses d, the length of the queries and keys (q.shape[1]), not d_v, the length of the values": (
        _att_scaled_by_dv
    ),
    "the softmax runs over the wrong axis: each query's row of scores (axis=-1, over the keys) must sum to 1, "
    "not each column": _att_wrong_axis,
    "the scores are q @ k.T, every query against every key; q @ k (without the transpose) only runs when T == d": (
        _att_no_transpose_hint
    ),
    "the mask was applied after the softmax: zeroing weights afterwards leaves rows that no longer sum to 1; "
    "set the forbidden scores to -inf (or -1e9) before the softmax": _att_mask_after_softmax,
    "the mask has the wrong triangle: position i may attend to j <= i (np.tril, the lower triangle), "
    "not to the future j >= i": _att_upper_triangle,
    "a position may attend to itself: keep the diagonal in the mask (np.tril(...), not np.tril(..., k=-1))": (
        _att_no_diagonal
    ),
    "a forbidden score must become -inf (or -1e9), not 0: exp(0) = 1 still gives the future a weight": _att_zero_fill,
    "with causal=True position i must not see positions j > i: build the lower-triangular mask and apply it": (
        _att_mask_ignored
    ),
}


def _attention_diagnosis(got: Any, case: tuple[Any, ...], index: int) -> str | None:
    """Hints that need the learner's raw output: the weights returned instead of the outputs, or nan/inf."""
    q, _, v, causal = case
    T, d_v = q.shape[0], v.shape[1]
    try:
        out = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None  # check_function says what is wrong with the type
    if out.shape == (T, T) and d_v != T:
        return "that is the (T, T) matrix of attention weights A; return the outputs A @ v, of shape (T, d_v)"
    if out.shape == (T, d_v) and not np.all(np.isfinite(out)):
        bad_rows = np.flatnonzero(~np.all(np.isfinite(out), axis=1)).tolist()
        if index == _LARGE:
            return (
                "your outputs hold nan or inf when the scores reach several hundred: np.exp overflows. "
                "Subtract each row's maximum score before np.exp (the softmax does not change)"
            )
        if causal and bad_rows == [0]:
            return (
                "row 0 is nan: the first position has no key left to attend to. Keep the diagonal in the "
                "mask: position i may attend to j <= i, itself included"
            )
        return f"your outputs hold nan or inf (rows {bad_rows[:5]}): look for a row whose scores are all -inf"
    return None


@register(
    "05.4",
    reference=attention,
    kind="code",
    right=[_attention_loop],
    wrongs=[
        _att_unscaled,
        _att_wrong_axis,
        _att_no_transpose,
        _att_mask_after_softmax,
        _att_upper_triangle,
        _att_weights_only,
        _att_no_max_subtraction,
    ],
    solution=(
        "def attention(q, k, v, causal=False):\n"
        "    T, d = q.shape\n"
        "    scores = q @ k.T / np.sqrt(d)                          # (T, T): query i against key j\n"
        "    if causal:\n"
        "        allowed = np.tril(np.ones((T, T), dtype=bool))     # key j <= query i\n"
        "        scores = np.where(allowed, scores, -np.inf)        # before the softmax\n"
        "    scores = scores - scores.max(axis=-1, keepdims=True)  # no overflow in np.exp\n"
        "    A = np.exp(scores)\n"
        "    A = A / A.sum(axis=-1, keepdims=True)                  # each row sums to 1\n"
        "    return A @ v                                           # (T, d_v)\n"
        "\n"
        "The mask goes in before the softmax, so that the allowed weights of each row still sum to 1.\n"
        "Row 0 keeps its diagonal entry, so no row is all -inf. Keras does the same in\n"
        "keras.ops.dot_product_attention(q, k, v, is_causal=True) (with a batch and a heads axis)."
    ),
)
def _check_05_4(function: Any) -> str | None:
    return check_function(
        function,
        attention,
        ATTENTION_CASES,
        variants=_ATTENTION_VARIANTS,
        diagnose=_attention_diagnosis,
        rtol=1e-4,
        atol=1e-6,
        advice="compare your steps with the formula softmax(q k^T / sqrt(d)) v, with the mask before the softmax",
        name="attention",
    )


# ------------------------------------------------------------------ 05.5 predict: which classifier wins?

register_prediction(
    "05.5",
    options={
        "a": "the transformer",
        "b": "the LSTM",
        "c": "TF-IDF + logistic regression",
    },
    answer="c",
    why=(
        "with about 10,000 short reviews, the neural models must learn every word vector from scratch, from a "
        "handful of occurrences each, while logistic regression fits one weight per word or word pair and finds "
        "its best fit in seconds. A review's verdict rests on a few words, which a bag of words captures; a "
        "transformer pays off after pre-training on far more text (the learning curve below measures this)."
    ),
)
