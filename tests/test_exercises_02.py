"""Lesson 02's exercise checkers and the small formulas they rest on (no training)."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from sklearn.metrics import precision_recall_fscore_support

from course_lib import check
from course_lib.exercises import lesson_02


def test_02_1_matches_keras_and_hints() -> None:
    model = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(256), keras.layers.Dense(128), keras.layers.Dense(10)]
    )
    assert model.count_params() == check.all_exercises()["02.1"].reference == 235_146
    assert "bias" in lesson_02._check_02_1(235_146 - 394)
    with pytest.raises(ValueError):
        lesson_02.dense_param_count([784])
    with pytest.raises(ValueError):
        lesson_02.dense_param_count([784, 0, 10])


def test_02_2_matches_gradient_tape_and_hints() -> None:
    z = tf.Variable(lesson_02._LOGITS_02_2)
    with tf.GradientTape() as tape:
        loss = keras.losses.sparse_categorical_crossentropy(
            tf.constant([lesson_02._LABEL_02_2]), z[None], from_logits=True
        )
    grad = tape.gradient(loss, z).numpy()
    np.testing.assert_allclose(grad, check.all_exercises()["02.2"].reference, atol=1e-6)
    assert "sign" in lesson_02._check_02_2(-grad)
    assert "subtract" in lesson_02._check_02_2(lesson_02.softmax(lesson_02._LOGITS_02_2))
    assert "shape" in lesson_02._check_02_2([0.1, 0.2])
    assert lesson_02._check_02_2(np.round(grad, 3)) is None  # rounded to 3 decimals is fine


def test_02_4_matches_sklearn_and_hints() -> None:
    cm = lesson_02.CM_02_4
    y_true = np.repeat(np.repeat(np.arange(3), 3), cm.ravel())
    y_pred = np.repeat(np.tile(np.arange(3), 3), cm.ravel())
    precision, recall, f1, _ = precision_recall_fscore_support(y_true, y_pred)
    np.testing.assert_allclose(check.all_exercises()["02.4"].reference, [precision[1], recall[1], f1[1]])
    p, r, f = check.all_exercises()["02.4"].reference
    assert "swapped" in lesson_02._check_02_4((r, p, f))
    assert "harmonic" in lesson_02._check_02_4((p, r, (p + r) / 2))
    assert "three numbers" in lesson_02._check_02_4((p, r))
    with pytest.raises(ValueError):
        lesson_02.precision_recall_f1(np.ones((2, 3)), 0)


def test_02_3_matches_keras_dropout() -> None:
    out = keras.layers.Dropout(0.2, seed=0)(np.ones((1, 1000), "float32"), training=True).numpy()
    kept = out[out != 0]
    np.testing.assert_allclose(kept, check.all_exercises()["02.3"].reference, rtol=1e-6)
    assert "keep probability" in lesson_02._check_02_3(0.8)
