"""Exercises of lesson 05 (attention and transformers).

05.1  attention weights of one query        05.2  parameters of a MultiHeadAttention layer
05.3  a sinusoidal position encoding        05.4  the causal mask
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import close_to, register


def _scalar(answer: Any) -> float | None:
    """The answer as one float, or None if it is not a single number."""
    if isinstance(answer, bool):
        return None
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(values) if values.size == 1 and values.ndim == 0 else None


def _vector(answer: Any, size: int) -> np.ndarray | None:
    """The answer as a flat float array of ``size`` numbers, or None."""
    try:
        values = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None
    return values if values.size == size else None


# ------------------------------------------------------------------ 05.1 attention weights

QUERY = (1.0, 0.0)
KEYS = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0))


def attention_weights(query: Any, keys: Any, scale: bool = True) -> np.ndarray:
    """softmax(q . k_j / sqrt(d_k)) over the keys k_j (without the division if ``scale`` is False).

    Example:
        >>> attention_weights([1.0, 0.0], [[1.0, 0.0], [1.0, 0.0]]).tolist()
        [0.5, 0.5]
    """
    q, k = np.asarray(query, dtype=float), np.asarray(keys, dtype=float)
    scores = k @ q / (np.sqrt(q.size) if scale else 1.0)
    e = np.exp(scores - scores.max())
    return e / e.sum()


@register(
    "05.1",
    reference=attention_weights(QUERY, KEYS),
    wrong=attention_weights(QUERY, KEYS, scale=False),
    solution=(
        "Scores: q . k = [1, 0, -1]. Scale by 1 / sqrt(d_k) = 1 / sqrt(2): [0.707, 0, -0.707].\n"
        "Softmax: e = np.exp([0.707, 0.0, -0.707]); answer = e / e.sum()   ->   [0.576, 0.284, 0.140]\n"
        "Or with the lesson's function:\n"
        "  _, A = scaled_dot_product_attention(np.array([[1., 0.]]), np.array([[1., 0.], [0., 1.], [-1., 0.]]),\n"
        "                                      np.eye(3))\n"
        "  answer = A[0]\n"
        "The key pointing the same way as the query gets the most weight, the opposite one the least."
    ),
)
def _check_attention_weights(answer: Any) -> str | None:
    got = _vector(answer, len(KEYS))
    if got is None:
        return f"expected {len(KEYS)} weights, one per key"
    if np.allclose(got, attention_weights(QUERY, KEYS, scale=False), atol=1e-3):
        return "close: divide the dot products by sqrt(d_k) = sqrt(2) before the softmax"
    if np.allclose(got, np.asarray(KEYS) @ np.asarray(QUERY), atol=1e-3):
        return "those are the raw scores q . k; scale them by 1 / sqrt(d_k), then apply the softmax"
    if not np.isclose(got.sum(), 1.0, atol=1e-3):
        return f"attention weights come from a softmax and add up to 1; yours add up to {got.sum():.3f}"
    return close_to(attention_weights(QUERY, KEYS), got, atol=1e-3, rtol=1e-3, what="attention weights")


# ------------------------------------------------------------------ 05.2 MultiHeadAttention parameters

MHA_HEADS, MHA_KEY_DIM, MHA_D_MODEL = 4, 16, 64


def mha_parameter_count(num_heads: int, key_dim: int, d_model: int) -> int:
    """Weights of keras.layers.MultiHeadAttention(num_heads, key_dim) on inputs with d_model features.

    Query, key and value projections: a kernel (d_model, heads, key_dim) and a bias (heads, key_dim)
    each; the output projection: a kernel (heads, key_dim, d_model) and a bias (d_model,).

    Example:
        >>> mha_parameter_count(num_heads=1, key_dim=2, d_model=2)
        24
    """
    projection = d_model * num_heads * key_dim + num_heads * key_dim
    return 3 * projection + num_heads * key_dim * d_model + d_model


@register(
    "05.2",
    reference=mha_parameter_count(MHA_HEADS, MHA_KEY_DIM, MHA_D_MODEL),
    wrong=4 * MHA_D_MODEL * MHA_HEADS * MHA_KEY_DIM,
    solution=(
        "Query, key and value each have a kernel of shape (64, 4, 16) = 4096 weights and a bias of\n"
        "shape (4, 16) = 64: 3 * 4160 = 12480. The output projection has a kernel (4, 16, 64) = 4096\n"
        "and a bias (64,) = 64: 4160. Total 12480 + 4160 = 16640. Check:\n"
        "  mha = keras.layers.MultiHeadAttention(num_heads=4, key_dim=16)\n"
        "  mha(np.zeros((1, 3, 64)), np.zeros((1, 3, 64))); mha.count_params()   # 16640"
    ),
)
def _check_mha_params(answer: Any) -> str | None:
    expected = mha_parameter_count(MHA_HEADS, MHA_KEY_DIM, MHA_D_MODEL)
    value = _scalar(answer)
    if value is None:
        return f"expected a whole number of parameters, got {type(answer).__name__}"
    if value != int(value):
        return "a parameter count is a whole number"
    kernels_only = 4 * MHA_D_MODEL * MHA_HEADS * MHA_KEY_DIM
    if int(value) == kernels_only:
        return "close: the four kernels are right; add the biases (three of shape (heads, key_dim), one of d_model)"
    if int(value) == 3 * (MHA_D_MODEL * MHA_HEADS * MHA_KEY_DIM + MHA_HEADS * MHA_KEY_DIM):
        return "that covers query, key and value; the output projection back to d_model has weights too"
    if int(value) != expected:
        return "count a kernel and a bias for each of the query, key, value and output projections"
    return None


# ------------------------------------------------------------------ 05.3 sinusoidal position encoding

PE_POSITION, PE_D_MODEL = 3, 4


def sinusoidal_encoding_row(position: int, d_model: int) -> np.ndarray:
    """PE(pos, 2i) = sin(pos / 10000**(2i/d)), PE(pos, 2i+1) = cos(pos / 10000**(2i/d)).

    Example:
        >>> sinusoidal_encoding_row(0, 4).tolist()
        [0.0, 1.0, 0.0, 1.0]
    """
    i = np.arange(d_model // 2)
    angles = position / 10000 ** (2 * i / d_model)
    row = np.empty(d_model)
    row[0::2], row[1::2] = np.sin(angles), np.cos(angles)
    return row


@register(
    "05.3",
    reference=sinusoidal_encoding_row(PE_POSITION, PE_D_MODEL),
    wrong=np.concatenate([np.sin([3.0, 0.03]), np.cos([3.0, 0.03])]),
    solution=(
        "With d = 4 there are two frequencies, i = 0 and i = 1: the angles are 3 / 10000**(0/4) = 3 and\n"
        "3 / 10000**(2/4) = 3 / 100 = 0.03. Even dimensions take the sine, odd ones the cosine:\n"
        "  answer = [np.sin(3), np.cos(3), np.sin(0.03), np.cos(0.03)]   ->   [0.141, -0.990, 0.030, 1.000]\n"
        "or, with the lesson's function, sinusoidal_encoding(4, 4)[3]."
    ),
)
def _check_sinusoid(answer: Any) -> str | None:
    got = _vector(answer, PE_D_MODEL)
    if got is None:
        return f"expected {PE_D_MODEL} numbers, one per dimension"
    angles = PE_POSITION / 10000 ** (2 * np.arange(PE_D_MODEL // 2) / PE_D_MODEL)
    if np.allclose(got, np.concatenate([np.sin(angles), np.cos(angles)]), atol=1e-3):
        return "the sines and cosines alternate: dimension 0 is a sine, 1 a cosine, 2 a sine, 3 a cosine"
    swapped = np.empty(PE_D_MODEL)
    swapped[0::2], swapped[1::2] = np.cos(angles), np.sin(angles)
    if np.allclose(got, swapped, atol=1e-3):
        return "even dimensions (0, 2) take the sine and odd ones (1, 3) the cosine"
    return close_to(
        sinusoidal_encoding_row(PE_POSITION, PE_D_MODEL), got, atol=1e-3, rtol=1e-3, what="position encoding"
    )


# ------------------------------------------------------------------ 05.4 causal mask

CAUSAL_N = 5


@register(
    "05.4",
    reference=np.tril(np.ones((CAUSAL_N, CAUSAL_N), dtype=bool)),
    wrong=np.triu(np.ones((CAUSAL_N, CAUSAL_N), dtype=bool)),
    solution=(
        "Position i may look at positions j <= i: itself and everything before it. That is the lower\n"
        "triangle, diagonal included:\n"
        "  answer = np.tril(np.ones((5, 5), dtype=bool))\n"
        "Row 0 has one True (the first token sees only itself); row 4 is all True."
    ),
)
def _check_causal_mask(answer: Any) -> str | None:
    try:
        got = np.asarray(answer)
    except (TypeError, ValueError):
        return "expected a 5 x 5 array of True/False"
    if got.shape != (CAUSAL_N, CAUSAL_N):
        return f"the mask should have shape ({CAUSAL_N}, {CAUSAL_N}), one row per query; yours has shape {got.shape}"
    if not (got.dtype == bool or np.isin(got, (0, 1)).all()):
        return "use True (may attend) and False (may not), or 1 and 0"
    got = got.astype(bool)
    lower = np.tril(np.ones((CAUSAL_N, CAUSAL_N), dtype=bool))
    if np.array_equal(got, lower.T):
        return "that lets each position see the future (j > i); flip it: row i may see columns 0..i"
    if np.array_equal(got, ~lower):
        return "True should mark the positions a query may attend to, and those are j <= i"
    if np.array_equal(got, np.tril(lower, k=-1)):
        return "almost: a position may also attend to itself, so keep the diagonal"
    if not np.array_equal(got, lower):
        return "row i (the query at position i) may attend to columns j = 0, 1, ..., i and no others"
    return None
