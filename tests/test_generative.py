"""course_lib.generative: the judge's scores, checked on inputs whose answers are known (no training)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import datasets, generative


def test_frechet_distance_of_one_dimensional_gaussians() -> None:
    # N(0, 1) against N(3, 4): (0 - 3)^2 + 1 + 4 - 2 * sqrt(1 * 4) = 10
    assert generative.frechet_distance([0.0], [[1.0]], [3.0], [[4.0]]) == pytest.approx(10.0)
    assert generative.frechet_distance(0.0, 1.0, 3.0, 4.0) == pytest.approx(10.0)


def test_frechet_distance_matches_the_diagonal_formula_and_is_zero_to_itself() -> None:
    rng = np.random.default_rng(0)
    mu_a, mu_b = rng.normal(size=5), rng.normal(size=5)
    var_a, var_b = rng.uniform(0.5, 2, 5), rng.uniform(0.5, 2, 5)
    expected = np.sum((mu_a - mu_b) ** 2) + np.sum(var_a + var_b - 2 * np.sqrt(var_a * var_b))
    assert generative.frechet_distance(mu_a, np.diag(var_a), mu_b, np.diag(var_b)) == pytest.approx(expected)
    features = rng.normal(size=(200, 8))
    mu, sigma = generative.feature_stats(features)
    assert abs(generative.frechet_distance(mu, sigma, mu, sigma)) < 1e-6


def test_frechet_distance_refuses_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="shape"):
        generative.frechet_distance(np.zeros(3), np.eye(3), np.zeros(2), np.eye(2))


def test_feature_stats_needs_two_rows() -> None:
    with pytest.raises(ValueError, match="n >= 2"):
        generative.feature_stats(np.zeros((1, 4)))


def test_inception_score_extremes_and_two_classes() -> None:
    assert generative.inception_score(np.eye(10)) == pytest.approx(10.0)
    assert generative.inception_score(np.tile(np.eye(10)[1], (10, 1))) == pytest.approx(1.0)
    assert generative.inception_score(np.full((4, 10), 0.1)) == pytest.approx(1.0)
    two = np.repeat(np.eye(10)[:2], 50, axis=0)  # half sure 0s, half sure 1s
    assert generative.inception_score(two) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="sum to 1"):
        generative.inception_score(np.ones((3, 10)))


@pytest.mark.parametrize(
    ("images", "error", "match"),
    [
        (np.zeros((2, 28, 28, 3), "float32"), ValueError, "shape"),
        (np.zeros((0, 28, 28, 1), "float32"), ValueError, "empty"),
        (np.zeros((2, 28, 28, 1), "uint8"), TypeError, "127.5"),
        (np.full((2, 28, 28, 1), 255.0, "float32"), ValueError, r"\[-1, 1\]"),
    ],
)
def test_bad_images_are_refused_with_what_was_expected(images: np.ndarray, error: type, match: str) -> None:
    judge = generative.Judge(generative.build_judge(0), 0.0)
    with pytest.raises(error, match=match):
        judge.probabilities(images)


def test_untrained_judge_scores_have_the_documented_keys_and_ranges() -> None:
    judge = generative.Judge(generative.build_judge(0), 0.0)
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (40, 28, 28)).astype("float32")  # (n, 28, 28) is accepted too
    reference = generative.feature_stats(judge.features(images))
    scores, shares = generative.sample_scores(judge, images, reference)
    assert sorted(scores) == ["FID-style", "IS-style", "mean confidence", "smallest class share"]
    assert abs(scores["FID-style"]) < 1e-3  # the same images as the reference
    assert 1 <= scores["IS-style"] <= 10 and 0.1 <= scores["mean confidence"] <= 1
    assert shares.shape == (10,) and shares.sum() == pytest.approx(1.0)


def test_same_seed_builds_the_same_judge() -> None:
    a, b = generative.build_judge(3), generative.build_judge(3)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.get_weights()[0], generative.build_judge(4).get_weights()[0])


def test_train_judge_refuses_bad_labels() -> None:
    images = np.zeros((4, 28, 28, 1), "float32")
    with pytest.raises(ValueError, match="integer class labels"):
        generative.train_judge(images, np.zeros(3, "int64"))
    with pytest.raises(ValueError, match="0-9"):
        generative.train_judge(images, np.array([0, 1, 2, 10]))


def test_samples_round_trip_and_a_missing_lesson_says_what_to_run() -> None:
    rng = np.random.default_rng(1)
    images = rng.uniform(-1, 1, (5, 28, 28, 1)).astype("float32")
    path = generative.save_samples("98_example", images, model="demo", train_seconds=1.5)
    assert path.name == "samples.npz"
    loaded, info = generative.load_samples("98_example")
    assert np.abs(loaded - images).max() <= 1 / 127.5  # 8-bit pixels, like a PNG
    np.testing.assert_array_equal(generative.as_8bit(images), loaded)  # the same rounding, bit for bit
    assert info["model"] == "demo" and info["train_seconds"] == 1.5 and info["count"] == 5 and info["mode"]
    with pytest.raises(generative.SamplesMissing, match="run notebooks/97_nothing.ipynb"):
        generative.load_samples("97_nothing")
    with pytest.raises(ValueError, match="notebook name"):
        generative.load_samples("../elsewhere")


def test_keras_hub_preset_fails_at_once_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets, "have_internet", lambda *a, **k: False)
    with pytest.raises(datasets.OfflineError, match="bert_tiny_en_uncased.*no internet"):
        datasets.load_keras_hub_preset("TextClassifier", "bert_tiny_en_uncased", num_classes=2)
    with pytest.raises(ValueError, match="class_name"):
        datasets.load_keras_hub_preset("textclassifier", "bert_tiny_en_uncased")
    with pytest.raises(ValueError, match="preset"):
        datasets.load_keras_hub_preset("TextClassifier", "")
