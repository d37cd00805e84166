"""Lesson 05's exercises: the references against Keras, the regression tests of issue #10, and a
hint for every typical mistake (the generic rules are in test_exercises_all.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_05

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_transformer.ipynb"


def _prompt(heading: str) -> str:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and heading in c.source)


# ------------------------------------------------------------------ 05.1 the weights of one query


def test_05_1_reference_follows_the_formula() -> None:
    expected = np.exp(np.array([1, 0, -1]) / np.sqrt(2)) / np.exp(np.array([1, 0, -1]) / np.sqrt(2)).sum()
    np.testing.assert_allclose(lesson_05.attention_weights(lesson_05.QUERY, lesson_05.KEYS), expected)
    np.testing.assert_allclose(check.all_exercises()["05.1"].reference, expected)


def test_05_1_accepts_the_two_decimal_answer_it_asks_for() -> None:  # issue #10: it rejected [0.58, 0.28, 0.14]
    assert check.is_correct("05.1", [0.58, 0.28, 0.14])
    assert check.is_correct("05.1", np.array([[0.576, 0.284, 0.140]]))
    assert not check.is_correct("05.1", [0.60, 0.28, 0.14])


def test_05_1_refuses_strings_and_names_the_mistakes() -> None:
    assert "quotes" in _hint("05.1", ["0.58", "0.28", "0.14"])
    assert "sqrt(d_k)" in _hint("05.1", [0.665, 0.245, 0.090])  # no scaling
    assert "not by d_k" in _hint("05.1", [0.506, 0.307, 0.186])  # divided by d_k = 2
    assert "raw scores" in _hint("05.1", [1.0, 0.0, -1.0])
    assert "add up to 1" in _hint("05.1", [0.5, 0.5, 0.5])


def test_05_1_prompt_uses_the_module_data() -> None:
    data, prompt = check.given("05.1"), _prompt("### Exercise 05.1")
    assert "$q = (1, 0)$" in prompt and data["query"] == [1.0, 0.0]
    assert data["keys"] == [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]
    assert "$k_1 = (1, 0)$, $k_2 = (0, 1)$ and $k_3 = (-1, 0)$" in prompt and "to 2 decimals" in prompt


# ------------------------------------------------------------------ 05.2 split into heads


def test_05_2_reference_matches_the_projection_of_keras_multi_head_attention() -> None:
    keras = pytest.importorskip("keras")
    batch, n, d_model, heads, d_head = 2, 5, 8, 2, 4
    x = np.random.default_rng(0).normal(size=(batch, n, d_model)).astype("float32")
    # the query projection of keras.layers.MultiHeadAttention: an EinsumDense with this equation
    projection = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, heads, d_head), bias_axes="de")
    keras_q = keras.ops.convert_to_numpy(projection(x))  # (batch, n, heads, d_head)
    kernel, bias = projection.get_weights()
    ours = lesson_05.split_heads(x @ kernel.reshape(d_model, -1) + bias.reshape(-1), heads)
    np.testing.assert_allclose(ours, keras_q.transpose(0, 2, 1, 3), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ours, np.einsum("bnd,dhk->bhnk", x, kernel) + bias[:, None, :], rtol=1e-5, atol=1e-5)


def test_05_2_names_the_usual_slips() -> None:
    def reshape_only(x, num_heads):
        batch, n, width = x.shape
        return x.reshape(batch, num_heads, n, width // num_heads)

    def heads_last(x, num_heads):
        batch, n, width = x.shape
        return x.reshape(batch, n, num_heads, width // num_heads)

    assert "transpose(0, 2, 1, 3)" in _hint("05.2", reshape_only)
    assert "heads axis must come before" in _hint("05.2", heads_last)
    assert "every h-th column" in _hint("05.2", lesson_05._split_heads_strided)
    assert check.is_correct("05.2", lambda x, h: np.stack(np.split(x, h, axis=-1), axis=1))


# ------------------------------------------------------------------ 05.3 the sinusoidal table


def test_05_3_reference_follows_the_formula_and_its_offset_property() -> None:
    table = lesson_05.position_encoding(64, 32)
    np.testing.assert_allclose(
        table[3, :4], [np.sin(3), np.cos(3), np.sin(3 / 10000 ** (2 / 32)), np.cos(3 / 10000 ** (2 / 32))]
    )
    np.testing.assert_allclose(lesson_05.position_encoding(1, 6), [[0, 1, 0, 1, 0, 1]])
    similarity = table @ table.T
    for offset in (1, 5, 20):  # PE(p) . PE(p + k) depends only on k
        np.testing.assert_allclose(np.diag(similarity, k=offset), similarity[0, offset], atol=1e-9)
    np.testing.assert_allclose(lesson_05._position_encoding_loop(10, 6), lesson_05.position_encoding(10, 6))


def test_05_3_names_the_usual_slips() -> None:
    assert "interleaves" in _hint("05.3", lesson_05._pe_concatenated)
    assert "swapped" in _hint("05.3", lesson_05._pe_swapped)
    assert "2i / d_model" in _hint("05.3", lesson_05._pe_exponent_i)
    assert "pair index" in _hint("05.3", lesson_05._pe_dimension_index)
    assert "do not multiply" in _hint("05.3", lesson_05._pe_multiplied)
    assert "start at 0" in _hint("05.3", lesson_05._pe_from_one)
    assert "transposed" in _hint("05.3", lambda n, d: lesson_05.position_encoding(n, d).T)
    assert check.is_correct("05.3", lambda n, d: lesson_05.position_encoding(n, d).astype("float32"))


# ------------------------------------------------------------------ 05.4 self-attention with a causal mask


@pytest.mark.parametrize("case", range(len(lesson_05.ATTENTION_CASES)))
def test_05_4_reference_matches_keras_dot_product_attention(case: int) -> None:
    keras = pytest.importorskip("keras")
    q, k, v, causal = lesson_05.ATTENTION_CASES[case]
    as_bthd = [a[None, :, None, :].astype("float32") for a in (q, k, v)]  # (batch, T, heads, d)
    keras_out = keras.ops.convert_to_numpy(keras.ops.dot_product_attention(*as_bthd, is_causal=causal))[0, :, 0]
    np.testing.assert_allclose(lesson_05.attention(q, k, v, causal), keras_out, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(lesson_05._attention_loop(q, k, v, causal), lesson_05.attention(q, k, v, causal))


def test_05_4_reference_matches_keras_multi_head_attention_with_identity_projections() -> None:
    keras = pytest.importorskip("keras")
    T, d = 6, 4
    x = np.random.default_rng(1).normal(size=(1, T, d)).astype("float32")
    layer = keras.layers.MultiHeadAttention(num_heads=1, key_dim=d)
    layer(x, x)
    eye = np.eye(d, dtype="float32")
    layer.set_weights([eye[:, None, :], np.zeros((1, d))] * 3 + [eye[None], np.zeros(d)])
    for causal in (False, True):
        keras_out = keras.ops.convert_to_numpy(layer(x, x, use_causal_mask=causal))[0]
        np.testing.assert_allclose(lesson_05.attention(x[0], x[0], x[0], causal), keras_out, rtol=1e-4, atol=1e-5)


def test_05_4_names_the_usual_slips() -> None:
    assert "sqrt(d)" in _hint("05.4", lesson_05._att_unscaled)
    assert "wrong axis" in _hint("05.4", lesson_05._att_wrong_axis)
    assert "after the softmax" in _hint("05.4", lesson_05._att_mask_after_softmax)
    assert "wrong triangle" in _hint("05.4", lesson_05._att_upper_triangle)
    assert "q @ k.T" in _hint("05.4", lesson_05._att_no_transpose)
    assert "keep the diagonal" in _hint("05.4", lesson_05._att_no_diagonal)
    assert "not 0" in _hint("05.4", lesson_05._att_zero_fill)
    assert "must not see" in _hint("05.4", lesson_05._att_mask_ignored)
    assert "not d_v" in _hint("05.4", lesson_05._att_scaled_by_dv)
    assert "A @ v" in _hint("05.4", lesson_05._att_weights_only)
    assert "overflows" in _hint("05.4", lesson_05._att_no_max_subtraction)


def test_05_4_accepts_float32_and_a_mask_renormalised_after_the_softmax() -> None:
    def float32(q, k, v, causal=False):
        return lesson_05.attention(*(a.astype("float32") for a in (q, k, v)), causal).astype("float32")

    def renormalised(q, k, v, causal=False):  # zero the future after the softmax, then rescale: also right
        weights = lesson_05._softmax_rows(q @ k.T / np.sqrt(q.shape[1]))
        if causal:
            weights = np.tril(weights)
            weights /= weights.sum(axis=1, keepdims=True)
        return weights @ v

    assert check.is_correct("05.4", float32) and check.is_correct("05.4", renormalised)


def test_05_4_a_crash_gets_a_message_not_a_traceback() -> None:
    message = _hint("05.4", lambda q, k, v, causal=False: q @ v.T)
    assert "raised ValueError" in message and "Traceback" not in message


# ------------------------------------------------------------------ 05.5 predict, then run


def test_05_5_options_in_the_prompt_are_the_module_options(capsys: pytest.CaptureFixture[str]) -> None:
    item, prompt = check.all_exercises()["05.5"], _prompt("### Exercise 05.5")
    for key, text in item.options.items():
        assert f"({key}) {text}" in prompt
    check.predict("05.5", "a")
    check.reveal("05.5", "c")
    out = capsys.readouterr().out
    assert "not this time" in out and "bag of words" in out
    assert check.is_correct("05.5", "c") and not check.is_correct("05.5", "a")
