"""course_lib.transformer: lesson 05's table and layers, checked on inputs whose answers are known."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_lib.transformer import TokenAndPositionEmbedding, TransformerEncoder, sinusoidal_encoding


def test_sinusoidal_encoding_formula_and_offsets() -> None:
    PE = sinusoidal_encoding(50, 8)
    assert PE.shape == (50, 8) and PE.dtype == np.float64
    assert PE[3, 2] == pytest.approx(np.sin(3 / 10000 ** (2 / 8)))
    assert PE[3, 3] == pytest.approx(np.cos(3 / 10000 ** (2 / 8)))
    similarity = PE @ PE.T
    for offset in (1, 7):  # the dot product of two rows depends only on their distance
        np.testing.assert_allclose(np.diag(similarity, k=offset), similarity[0, offset], atol=1e-9)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((0, 8), ValueError, "n_positions must be a positive integer, got 0"),
        ((4.0, 8), TypeError, "n_positions must be a positive integer, got 4.0 (float)"),
        ((4, 7), ValueError, "d_model must be even"),
        ((4, True), TypeError, "d_model must be a positive integer"),
    ],
)
def test_sinusoidal_encoding_bad_input(args: tuple, error: type, message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        sinusoidal_encoding(*args)


@pytest.mark.parametrize("positions", ["learned", "sinusoidal", "none"])
def test_embedding_shapes_mask_and_config(positions: str) -> None:
    embed = TokenAndPositionEmbedding(20, 6, 4, positions=positions)
    ids = np.array([[5, 2, 0, 0], [1, 1, 1, 0]])
    out = keras.ops.convert_to_numpy(embed(ids))
    assert out.shape == (2, 4, 4)
    assert keras.ops.convert_to_numpy(embed.compute_mask(ids)).tolist() == (ids != 0).tolist()
    clone = TokenAndPositionEmbedding.from_config(embed.get_config())
    clone.build(ids.shape)
    clone.set_weights(embed.get_weights())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(clone(ids)), out)
    if positions == "sinusoidal":  # sqrt(d_model) times the token vector, plus the fixed table
        tokens = keras.ops.convert_to_numpy(embed.token_embedding(ids))
        np.testing.assert_allclose(out, tokens * 2.0 + sinusoidal_encoding(6, 4)[:4], atol=1e-6)
    if positions == "none":  # the same token at two positions gets the same vector
        np.testing.assert_allclose(out[1, 0], out[1, 2])


def test_embedding_bad_input() -> None:
    with pytest.raises(ValueError, match="positions must be 'learned', 'sinusoidal' or 'none', got 'rope'"):
        TokenAndPositionEmbedding(20, 6, 4, positions="rope")
    with pytest.raises(ValueError, match="vocab_size must be a positive integer, got 0"):
        TokenAndPositionEmbedding(0, 6, 4)


def test_encoder_shapes_masking_and_scores() -> None:
    keras.utils.set_random_seed(0)
    block = TransformerEncoder(d_model=8, num_heads=2, d_ff=16, dropout=0.0)
    x = np.random.default_rng(0).normal(size=(2, 5, 8)).astype("float32")
    mask = np.array([[True] * 5, [True, True, True, False, False]])
    y, scores = block(x, mask=mask, return_attention_scores=True)
    y, scores = keras.ops.convert_to_numpy(y), keras.ops.convert_to_numpy(scores)
    assert y.shape == (2, 5, 8) and scores.shape == (2, 2, 5, 5)
    np.testing.assert_allclose(scores.sum(-1), 1.0, atol=1e-5)  # each query's weights sum to 1
    assert np.abs(scores[1, :, :, 3:]).max() < 1e-6  # padding is never attended to
    changed = x.copy()
    changed[1, 3:] = 100.0  # what stands at the padded positions cannot change the real ones
    y_changed = keras.ops.convert_to_numpy(block(changed, mask=mask))
    np.testing.assert_allclose(y_changed[1, :3], y[1, :3], atol=1e-5)


def test_causal_encoder_does_not_look_ahead() -> None:
    keras.utils.set_random_seed(0)
    block = TransformerEncoder(d_model=8, num_heads=2, d_ff=16, dropout=0.0, causal=True)
    x = np.random.default_rng(1).normal(size=(1, 6, 8)).astype("float32")
    later = x.copy()
    later[0, 4:] += 5.0  # change the last two positions only
    before, after = (keras.ops.convert_to_numpy(block(a)) for a in (x, later))
    np.testing.assert_allclose(before[0, :4], after[0, :4], atol=1e-5)
    assert np.abs(before[0, 4:] - after[0, 4:]).max() > 1e-3
    config = block.get_config()
    assert config["causal"] is True and config["d_ff"] == 16


def test_encoder_bad_input() -> None:
    with pytest.raises(ValueError, match=r"d_model \(10\) must be divisible by num_heads \(4\)"):
        TransformerEncoder(d_model=10, num_heads=4, d_ff=16)
    with pytest.raises(ValueError, match="dropout must be a number in"):
        TransformerEncoder(d_model=8, num_heads=2, d_ff=16, dropout=1.5)
    with pytest.raises(ValueError, match="inputs must have 8 features"):
        TransformerEncoder(d_model=8, num_heads=2, d_ff=16)(np.zeros((1, 3, 4), dtype="float32"))
