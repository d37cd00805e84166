"""Lesson 05's transformer pieces, for the lessons that build on them (13 and 14).

Lesson 05 writes these step by step and checks them against this module; lesson 13 pretrains
its encoder and lesson 14 encodes the diffusion step with the sinusoidal table. They are the
same code as the lesson's, so a learner who read lesson 05 has read them.

=================================  ==========================================================
name                               what it is
=================================  ==========================================================
:func:`sinusoidal_encoding`        the fixed ``(n_positions, d_model)`` table of sines and cosines
:class:`TokenAndPositionEmbedding` token embedding plus a learned, sinusoidal or no position code
:class:`TransformerEncoder`        self-attention and a feed-forward network, each with a
                                   residual connection and LayerNorm (``causal=True``: a decoder
                                   block, each position sees only the ones before it)
=================================  ==========================================================

Importing this module imports Keras (and TensorFlow), unlike ``import course_lib``.

Introduced in lesson 05.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
from keras import layers, ops

from .text import _positive_int  # the same argument check as the n-gram model's

__all__ = ["TokenAndPositionEmbedding", "TransformerEncoder", "sinusoidal_encoding"]

POSITIONS = ("learned", "sinusoidal", "none")


def _even_int(name: str, value: object) -> int:
    value = _positive_int(name, value)
    if value % 2:
        raise ValueError(f"{name} must be even (sines and cosines come in pairs), got {value}")
    return value


def sinusoidal_encoding(n_positions: int, d_model: int) -> np.ndarray:
    """The ``(n_positions, d_model)`` table PE: sines in even dimensions, cosines in odd ones.

    ``PE[p, 2i] = sin(p / 10000^(2i / d_model))`` and ``PE[p, 2i + 1] = cos(p / 10000^(2i / d_model))``
    for position ``p`` and pair ``i`` (Vaswani et al., 2017). The dot product of two rows
    depends only on how far apart the positions are.

    Args:
        n_positions: how many positions (rows), at least 1.
        d_model: the width of each code (columns), an even number.

    Returns:
        A float64 array of shape ``(n_positions, d_model)``.

    Example:
        >>> PE = sinusoidal_encoding(4, 6)
        >>> PE.shape
        (4, 6)
        >>> PE[0].round(3).tolist()  # position 0: sin 0 = 0, cos 0 = 1
        [0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    """
    n_positions = _positive_int("n_positions", n_positions)
    d_model = _even_int("d_model", d_model)
    positions = np.arange(n_positions)[:, None]  # (n_positions, 1)
    frequencies = 1.0 / 10000 ** (np.arange(0, d_model, 2) / d_model)  # (d_model / 2,)
    PE = np.zeros((n_positions, d_model))
    PE[:, 0::2] = np.sin(positions * frequencies)
    PE[:, 1::2] = np.cos(positions * frequencies)
    return PE


@keras.saving.register_keras_serializable(package="course_lib")
class TokenAndPositionEmbedding(layers.Layer):
    """Token embedding plus a position encoding, and the padding mask (id 0 is padding).

    Args:
        vocab_size: number of token ids, padding (0) included.
        max_len: the longest sequence the layer accepts.
        d_model: the width of each token's vector.
        mask_zero: if True (default), hand on a mask that is False at padding (id 0).
        positions: ``"learned"`` (default: a trained table, one row per position),
            ``"sinusoidal"`` (the fixed table of :func:`sinusoidal_encoding`; the token vectors
            are scaled by ``sqrt(d_model)`` so it does not drown them) or ``"none"``.

    Input ``(batch, n)`` integer ids with ``n <= max_len``; output ``(batch, n, d_model)``.

    Example:
        >>> embed = TokenAndPositionEmbedding(vocab_size=10, max_len=5, d_model=4)
        >>> tuple(embed(np.array([[3, 1, 0]])).shape)
        (1, 3, 4)
    """

    def __init__(
        self,
        vocab_size: int,
        max_len: int,
        d_model: int,
        mask_zero: bool = True,
        positions: str = "learned",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if positions not in POSITIONS:
            raise ValueError(f"positions must be 'learned', 'sinusoidal' or 'none', got {positions!r}")
        self.vocab_size = _positive_int("vocab_size", vocab_size)
        self.max_len = _positive_int("max_len", max_len)
        self.d_model = _even_int("d_model", d_model) if positions == "sinusoidal" else _positive_int("d_model", d_model)
        self.mask_zero, self.positions = bool(mask_zero), positions
        self.token_embedding = layers.Embedding(self.vocab_size, self.d_model)
        self.position_embedding = layers.Embedding(self.max_len, self.d_model)  # used only if "learned"
        if positions == "sinusoidal":
            self.sinusoids = sinusoidal_encoding(self.max_len, self.d_model).astype("float32")

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.token_embedding.build(input_shape)
        if self.positions == "learned":
            self.position_embedding.build(input_shape)

    def call(self, ids: Any) -> Any:
        n = ops.shape(ids)[-1]
        x = self.token_embedding(ids)  # (batch, n, d_model)
        if self.positions == "learned":
            return x + self.position_embedding(ops.arange(n))
        if self.positions == "sinusoidal":
            return x * self.d_model**0.5 + self.sinusoids[:n]
        return x

    def compute_mask(self, ids: Any, mask: Any = None) -> Any:
        return ops.not_equal(ids, 0) if self.mask_zero else None  # True at real tokens

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            vocab_size=self.vocab_size,
            max_len=self.max_len,
            d_model=self.d_model,
            mask_zero=self.mask_zero,
            positions=self.positions,
        )
        return config


@keras.saving.register_keras_serializable(package="course_lib")
class TransformerEncoder(layers.Layer):
    """Self-attention and a feed-forward network, each with a residual connection and LayerNorm.

    ``z = LayerNorm(x + Dropout(MultiHeadAttention(x, x)))`` then
    ``y = LayerNorm(z + Dropout(FFN(z)))`` with ``FFN`` two dense layers (ReLU between).

    Args:
        d_model: the width of each position's vector (input and output), divisible by ``num_heads``.
        num_heads: attention heads, each of width ``d_model // num_heads``.
        d_ff: the hidden width of the feed-forward network.
        dropout: dropout rate of the attention weights and both residual branches.
        causal: if True, position ``i`` attends only to positions ``<= i`` (a decoder block).

    ``call(x, mask=None, training=None, return_attention_scores=False)``: ``x`` is
    ``(batch, n, d_model)``; ``mask`` ``(batch, n)`` is True at real tokens (Keras passes it on
    from :class:`TokenAndPositionEmbedding`). Returns ``y`` of the same shape, and the attention
    weights ``(batch, num_heads, n, n)`` too if ``return_attention_scores``.

    Example:
        >>> block = TransformerEncoder(d_model=8, num_heads=2, d_ff=16)
        >>> tuple(block(np.zeros((1, 3, 8), dtype="float32")).shape)
        (1, 3, 8)
    """

    def __init__(
        self, d_model: int, num_heads: int, d_ff: int, dropout: float = 0.1, causal: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.d_model = _positive_int("d_model", d_model)
        self.num_heads = _positive_int("num_heads", num_heads)
        self.d_ff = _positive_int("d_ff", d_ff)
        if self.d_model % self.num_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by num_heads ({num_heads})")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a number in [0, 1), got {dropout!r}")
        self.dropout, self.causal = float(dropout), bool(causal)
        self.attention = layers.MultiHeadAttention(num_heads, key_dim=d_model // num_heads, dropout=dropout)
        self.feed_forward = keras.Sequential([layers.Dense(d_ff, activation="relu"), layers.Dense(d_model)])
        self.norm_1, self.norm_2 = layers.LayerNormalization(), layers.LayerNormalization()
        self.dropout_1, self.dropout_2 = layers.Dropout(dropout), layers.Dropout(dropout)
        self.supports_masking = True  # hand the padding mask on to the next layer

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        if input_shape[-1] != self.d_model:
            raise ValueError(f"inputs must have {self.d_model} features (d_model) in the last axis, got {input_shape}")
        self.attention.build(input_shape, input_shape)
        self.feed_forward.build(input_shape)
        self.norm_1.build(input_shape)
        self.norm_2.build(input_shape)

    def call(self, x: Any, mask: Any = None, training: Any = None, return_attention_scores: bool = False) -> Any:
        attention_mask = None if mask is None else ops.expand_dims(mask, axis=1)  # (batch, 1, n): real keys
        attended, scores = self.attention(
            x,
            x,
            attention_mask=attention_mask,
            use_causal_mask=self.causal,
            training=training,
            return_attention_scores=True,
        )
        z = self.norm_1(x + self.dropout_1(attended, training=training))
        y = self.norm_2(z + self.dropout_2(self.feed_forward(z), training=training))
        return (y, scores) if return_attention_scores else y

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            d_model=self.d_model, num_heads=self.num_heads, d_ff=self.d_ff, dropout=self.dropout, causal=self.causal
        )
        return config
