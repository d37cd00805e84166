"""Lesson 13's exercise checkers and the reference functions they rest on (no training, no TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_13

# ------------------------------------------------------------------------ 13.1 masking


def test_13_1_reference_follows_the_rules_and_the_shares() -> None:
    rng = np.random.default_rng(0)
    ids = lesson_13._batch(rng, 2_000, 40, 1_000)
    inputs, labels, weights = lesson_13.mask_tokens(ids, 0.15, 1_000, np.random.default_rng(1))
    chosen = weights == 1
    assert not chosen[ids == 0].any()  # padding never chosen
    assert np.array_equal(labels[chosen], ids[chosen]) and not labels[~chosen].any()
    assert np.array_equal(inputs[~chosen], ids[~chosen])
    assert abs(chosen.sum() / (ids > 0).sum() - 0.15) < 0.01
    assert abs((inputs[chosen] == 1_000).mean() - 0.8) < 0.02
    assert abs((inputs[chosen] == ids[chosen]).mean() - 0.1) < 0.02
    replaced = inputs[chosen & (inputs != 1_000) & (inputs != ids)]
    assert replaced.min() >= 2 and replaced.max() < 1_000


def test_13_1_same_generator_seed_same_masking() -> None:
    ids = lesson_13._batch(np.random.default_rng(3), 50, 10, 100)
    first = lesson_13.mask_tokens(ids, 0.3, 100, np.random.default_rng(7))
    second = lesson_13.mask_tokens(ids, 0.3, 100, np.random.default_rng(7))
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_13_1_global_random_numbers_are_caught() -> None:
    def with_global_numpy(ids, rate, mask_id, rng):
        return lesson_13.mask_tokens(ids, rate, mask_id, np.random.default_rng())

    assert "same seed" in check.feedback("13.1", with_global_numpy)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lesson_13._mask_padding_too, "padding (id 0) was chosen"),
        (lesson_13._mask_all_chosen, "every chosen position became [mask]"),
        (lesson_13._labels_everywhere, "labels must be 0"),
        (lesson_13._labels_are_inputs, "your labels are the masked inputs"),
        (lesson_13._weights_on_every_token, "every real token has weight 1"),
        (lesson_13._random_ids_include_padding, "a random replacement must be a word id"),
    ],
)
def test_13_1_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("13.1", wrong)
    assert message is not None and hint in message, message


def test_13_1_wrong_return_shape_gets_a_message() -> None:
    assert "three arrays" in check.feedback("13.1", lambda ids, rate, mask_id, rng: ids)


def test_13_1_other_right_answers_pass() -> None:
    assert check.is_correct("13.1", lesson_13._mask_with_choice)


# ------------------------------------------------------------------------ 13.2 nearest neighbours


def test_13_2_reference_on_a_small_table() -> None:
    table = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0]])
    assert lesson_13.nearest_neighbours(table, 0, 3).tolist() == [1, 2, 3]
    assert lesson_13.nearest_neighbours(table, 3, 1).tolist() == [2]


def test_13_2_hidden_cases_separate_dot_product_from_cosine() -> None:
    for embeddings, index, k in lesson_13._CASES_13_2:
        by_dot = [j for j in np.argsort(-(embeddings @ embeddings[index])) if j != index][:k]
        if by_dot != lesson_13.nearest_neighbours(embeddings, index, k).tolist():
            return
    pytest.fail("no hidden case tells the dot product from the cosine")


@pytest.mark.parametrize("hint", ["dot product", "the word itself", "least similar", "Euclidean"])
def test_13_2_typical_mistakes_get_targeted_hints(hint) -> None:
    wrongs = [w for h, w in lesson_13._VARIANTS_13_2.items() if hint in h]
    assert wrongs
    message = check.feedback("13.2", wrongs[0])
    assert message is not None and hint in message, message


# ------------------------------------------------------------------------ 13.3 prediction


def test_13_3_is_a_prediction_with_three_options(capsys) -> None:
    item = check.all_exercises()["13.3"]
    assert item.kind == "predict" and set(item.options) == {"a", "b", "c"}
    check.predict("13.3", "b")
    check.reveal("13.3", item.reference)
    assert "not this time" in capsys.readouterr().out
