"""Lesson 12's exercises: the references against independent computations, the hidden cases, and
the hints for the usual slips."""

from __future__ import annotations

import numpy as np
import pytest
from _exercise_tools import hint, message

from course_lib import check
from course_lib.exercises import lesson_12

# ------------------------------------------------------------------------ 12.1: which layer transfers


def test_12_1_is_a_prediction_with_three_options() -> None:
    item = check.all_exercises()["12.1"]
    assert item.kind == "predict" and set(item.options) == {"a", "b", "c"}


# ------------------------------------------------------------------------ 12.2: freezing for fine-tuning


def test_12_2_reference_on_a_small_model() -> None:
    model = lesson_12._build(("c4", "b", "r", "p", "c8", "b", "r", "p", "f", "d16", "d5"))
    lesson_12.freeze_for_finetuning(model, 2)
    flags = {type(layer).__name__ + str(i): layer.trainable for i, layer in enumerate(model.layers) if layer.weights}
    assert list(flags.values()) == [False, False, False, False, True, True]
    lesson_12.freeze_for_finetuning(model, 0)
    assert not any(layer.trainable for layer in model.layers)
    lesson_12.freeze_for_finetuning(model, 4)  # every conv and dense layer, no batch norm
    assert [layer.trainable for layer in model.layers if layer.weights] == [True, False, True, False, True, True]


def test_12_2_a_frozen_batch_norm_layer_runs_in_inference_mode() -> None:
    """Keras 3's semantics that the lesson relies on: trainable=False means inference mode."""
    import keras

    bn = keras.layers.BatchNormalization()
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(16, 4)).astype("float32")
    bn.build(x.shape)
    bn.trainable = False
    np.testing.assert_allclose(bn(x, training=True).numpy(), bn(x, training=False).numpy(), atol=1e-6)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.0)


def test_12_2_hidden_cases_tell_the_variants_apart() -> None:
    for spec, n_top in lesson_12._SPECS_12_2:
        want = lesson_12._flags(lesson_12.freeze_for_finetuning, spec, n_top)
        assert 0 < want.sum() or n_top == 0
    for function in lesson_12._VARIANTS_12_2.values():
        differs = [
            not np.array_equal(
                lesson_12._flags(function, spec, n), lesson_12._flags(lesson_12.freeze_for_finetuning, spec, n)
            )
            for spec, n in lesson_12._SPECS_12_2
        ]
        assert any(differs)


def test_12_2_equivalent_answers_pass() -> None:
    import keras

    def with_isinstance(model, n_top):
        main = [layer for layer in model.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
        top = main[len(main) - n_top :]
        for layer in model.layers:
            layer.trainable = any(layer is kept for kept in top)

    assert check.is_correct("12.2", with_isinstance)
    assert check.is_correct("12.2", lesson_12._freeze_with_negative_slice)


@pytest.mark.parametrize(
    ("variant", "words"),
    [
        (lesson_12._freeze_bn_trainable, "BatchNormalization layer frozen"),
        (lesson_12._freeze_counting_bn, "count only convolution and dense"),
        (lesson_12._freeze_bottom, "the last ones"),
        (lesson_12._freeze_one_too_many, "one layer too many"),
        (lesson_12._freeze_then_model_off, "model.trainable = False"),
    ],
)
def test_12_2_typical_mistakes_get_targeted_hints(variant, words) -> None:
    assert words in hint("12.2", variant)


def test_12_2_a_function_that_changes_nothing_is_unanswered() -> None:
    def does_nothing(model, n_top):
        return model

    assert "not answered yet" in message("12.2", does_nothing)


def test_12_2_negative_slice_slip_at_zero_is_caught() -> None:
    def slice_slip(model, n_top):
        main = [layer for layer in model.layers if layer.weights and not lesson_12._is_batch_norm(layer)]
        for layer in model.layers:
            layer.trainable = False
        for layer in main[-n_top:]:  # main[-0:] is the whole list
            layer.trainable = True

    assert "n_top = 0" in hint("12.2", slice_slip)


# ------------------------------------------------------------------------ 12.3: NT-Xent


def test_12_3_reference_by_hand() -> None:
    # u = [e1, e2, e1, e2]; anchor e1: positive 1, the two others 0 -> -1 + log(e + 2)
    assert lesson_12.nt_xent(np.eye(2), np.eye(2), 1.0) == pytest.approx(-1 + np.log(np.e + 2))
    with pytest.raises(ValueError, match="one shape"):
        lesson_12.nt_xent(np.ones((2, 3)), np.ones((3, 3)), 0.5)


def test_12_3_reference_against_tensorflow() -> None:
    tf = pytest.importorskip("tensorflow")
    for z1, z2, t in lesson_12._CASES_12_3:
        n = len(z1)
        u = tf.math.l2_normalize(tf.constant(np.concatenate([z1, z2])), axis=1)
        logits = tf.matmul(u, u, transpose_b=True) / t - 1e9 * tf.eye(2 * n, dtype=tf.float64)
        labels = tf.concat([tf.range(n, 2 * n), tf.range(n)], 0)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)).numpy()
        assert lesson_12.nt_xent(z1, z2, t) == pytest.approx(loss, rel=1e-9)


def test_12_3_loss_is_scale_invariant_and_lower_for_matching_views() -> None:
    z1, z2, t = lesson_12._CASES_12_3[1]
    assert lesson_12.nt_xent(3 * z1, z2, t) == pytest.approx(lesson_12.nt_xent(z1, z2, t))
    assert lesson_12.nt_xent(z1, z1, t) < lesson_12.nt_xent(z1, z2[::-1], t)


def test_12_3_equivalent_answers_pass() -> None:
    from scipy.special import logsumexp

    def with_logsumexp(z1, z2, temperature):
        n = len(z1)
        u = np.concatenate([z1, z2])
        u = u / np.linalg.norm(u, axis=1, keepdims=True)
        logits = u @ u.T / temperature
        np.fill_diagonal(logits, -np.inf)
        positive = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
        return -(logits - logsumexp(logits, axis=1, keepdims=True))[np.arange(2 * n), positive].mean()

    assert check.is_correct("12.3", with_logsumexp)
    assert check.is_correct("12.3", lesson_12._nt_xent_loops)


@pytest.mark.parametrize(
    ("variant", "words"),
    [
        (lesson_12._nt_xent_no_normalise, "L2-normalise"),
        (lesson_12._nt_xent_with_self, "similarity with itself"),
        (lambda z1, z2, t: lesson_12.nt_xent(z1, z2, 1.0 / t), "not multiply"),
        (lambda z1, z2, t: lesson_12.nt_xent(z1, z2, 1.0), "forgot the temperature"),
        (lesson_12._nt_xent_one_direction, "every one of the 2N"),
        (lesson_12._nt_xent_positive_left_out, "keep the positive"),
        (lambda z1, z2, t: 2 * len(z1) * lesson_12.nt_xent(z1, z2, t), "not their sum"),
    ],
)
def test_12_3_typical_mistakes_get_targeted_hints(variant, words) -> None:
    assert words in hint("12.3", variant)


def test_12_3_per_anchor_losses_and_nan_are_named() -> None:
    def per_anchor(z1, z2, t):
        return np.full(2 * len(z1), lesson_12.nt_xent(z1, z2, t))

    assert "one number" in hint("12.3", per_anchor)

    def naive(z1, z2, t):
        n = len(z1)
        u = np.concatenate([z1, z2])
        u = u / np.linalg.norm(u, axis=1, keepdims=True)
        logits = u @ u.T / t
        np.fill_diagonal(logits, -np.inf)
        with np.errstate(all="ignore"):
            e = np.exp(logits - np.inf)  # a slip that makes nan
            pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
            return float(-np.log(e[np.arange(2 * n), pos] / e.sum(axis=1)).mean())

    assert "nan" in hint("12.3", naive)


def test_prompts_match_the_references() -> None:
    from _exercise_tools import NOTEBOOKS, exercise_cells

    prompt, code = exercise_cells(NOTEBOOKS / "12_transfer.ipynb", "12.3")
    assert f"{lesson_12.nt_xent(np.eye(2), np.eye(2), 1.0):.4f}" in prompt
    assert 'check.exercise("12.3", nt_xent)' in code
    prompt, code = exercise_cells(NOTEBOOKS / "12_transfer.ipynb", "12.2")
    assert "n_top = 0" in prompt and 'check.exercise("12.2", freeze_for_finetuning)' in code
