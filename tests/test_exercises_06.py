"""Lesson 06's exercises: the references against Keras and SciPy, the regression tests of issue #10,
and a hint for every typical mistake (the generic rules are in test_exercises_all.py)."""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest
import scipy.linalg
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_06

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_gan.ipynb"


def _prompt(heading: str) -> str:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and heading in c.source)


# ------------------------------------------------------------------ 06.1 the value of the game


def test_06_1_accepts_minus_1_39() -> None:  # issue #10: the tolerance was tighter than the rounding
    assert math.isclose(lesson_06.equilibrium_value(), -math.log(4))
    assert check.is_correct("06.1", -1.39) and check.is_correct("06.1", -np.log(4))
    assert "to 2 decimals" in _prompt("### Exercise 06.1") and check.given("06.1") == {"d_star": 0.5}


def test_06_1_refuses_strings_and_names_the_mistakes() -> None:
    assert "quotes" in _hint("06.1", "-1.39")
    assert "one of the two terms" in _hint("06.1", math.log(0.5))
    assert "sign" in _hint("06.1", 1.39)
    assert "natural logarithm" in _hint("06.1", -2.0)
    assert "not right yet" in _hint("06.1", -1.2)


# ------------------------------------------------------------------ 06.2 the losses from logits


@pytest.mark.parametrize("case", range(len(lesson_06.LOSS_CASES)))
def test_06_2_reference_matches_keras_binary_cross_entropy_from_logits(case: int) -> None:
    keras = pytest.importorskip("keras")
    s_real, s_fake = (np.asarray(s, dtype="float32").reshape(-1, 1) for s in lesson_06.LOSS_CASES[case])
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    keras_d = float(bce(np.ones_like(s_real), s_real) + bce(np.zeros_like(s_fake), s_fake))
    keras_g = float(bce(np.ones_like(s_fake), s_fake))
    d_loss, g_loss = lesson_06.gan_losses(*lesson_06.LOSS_CASES[case])
    np.testing.assert_allclose([d_loss, g_loss], [keras_d, keras_g], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(lesson_06._gan_losses_keras_form(*lesson_06.LOSS_CASES[case]), [d_loss, g_loss])


def test_06_2_names_the_usual_slips() -> None:
    assert "probabilities sigmoid(s) as logits" in _hint("06.2", lesson_06._losses_on_probabilities)
    assert "saturating loss log(1 - D(G(z)))" in _hint("06.2", lesson_06._losses_saturating)
    assert "label 0" in _hint("06.2", lesson_06._losses_generator_label_0)
    assert "swapped" in _hint("06.2", lesson_06._losses_swapped)
    assert "sums over the batch" in _hint("06.2", lesson_06._losses_summed)
    assert "adds two means" in _hint("06.2", lesson_06._losses_pooled)
    assert "np.logaddexp" in _hint("06.2", lesson_06._losses_naive)

    def logits_as_probabilities(s_real, s_fake):
        return -np.mean(np.log(s_real)) - np.mean(np.log(1 - s_fake)), -np.mean(np.log(s_fake))

    with np.errstate(invalid="ignore", divide="ignore"):
        assert "not probabilities" in _hint("06.2", logits_as_probabilities)
    assert "return 2 values" in _hint("06.2", lambda s_real, s_fake: lesson_06.gan_losses(s_real, s_fake)[0])


def test_06_2_accepts_a_stable_version_written_another_way() -> None:
    def keras_like(s_real, s_fake):
        def bce(y, s):
            return np.mean(np.maximum(s, 0) - y * s + np.log1p(np.exp(-np.abs(s))))

        return bce(1, s_real) + bce(0, s_fake), bce(1, s_fake)

    assert check.is_correct("06.2", keras_like)
    assert check.is_correct("06.2", lambda a, b: tuple(np.float32(x) for x in lesson_06.gan_losses(a, b)))


# ------------------------------------------------------------------ 06.3 a Fréchet distance by hand


def test_06_3_accepts_the_1x1_matrix_its_prompt_suggests() -> None:  # issue #10: a 1x1 array was rejected
    s_a, s_b = np.array([[1.0]]), np.array([[4.0]])
    by_matrices = (0.0 - 3.0) ** 2 + np.trace(s_a + s_b - 2 * scipy.linalg.sqrtm(s_a @ s_b).real)
    assert math.isclose(float(by_matrices), lesson_06.frechet_1d(**lesson_06.FD_1D)) and by_matrices == 10.0
    assert check.is_correct("06.3", np.array([[10.0]]))
    assert check.is_correct("06.3", lesson_06.gaussian_frechet_distance([0.0], s_a, [3.0], s_b))
    assert check.given("06.3") == {"mu_a": 0.0, "var_a": 1.0, "mu_b": 3.0, "var_b": 4.0}
    assert "$\\mathcal{N}(0, 1)$" in _prompt("### Exercise 06.3") and "$\\mathcal{N}(3, 4)$" in _prompt(
        "### Exercise 06.3"
    )


def test_06_3_refuses_strings_and_names_the_mistakes() -> None:
    assert "quotes" in _hint("06.3", "10")
    assert "means" in _hint("06.3", 9.0)
    assert "-2 (S_a S_b)^(1/2)" in _hint("06.3", 14.0)
    assert "standard deviation" in _hint("06.3", 18.0)
    assert "twice" in _hint("06.3", 12.0)
    assert "one number" in _hint("06.3", np.array([10.0, 10.0]))


# ------------------------------------------------------------------ 06.4 the Fréchet distance in code


def _frechet_by_scipy(mu_a, sigma_a, mu_b, sigma_b) -> float:
    root = scipy.linalg.sqrtm(sigma_a @ sigma_b)
    np.testing.assert_allclose(root @ root, sigma_a @ sigma_b, atol=1e-8)  # it is the matrix square root
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a) + np.trace(sigma_b) - 2 * np.trace(root).real)


@pytest.mark.parametrize("case", range(len(lesson_06.FRECHET_CASES)))
def test_06_4_reference_matches_scipy_sqrtm_on_the_hidden_covariances(case: int) -> None:
    args = lesson_06.FRECHET_CASES[case]
    expected = _frechet_by_scipy(*args)
    assert math.isclose(lesson_06.gaussian_frechet_distance(*args), expected, rel_tol=1e-7, abs_tol=1e-9)
    assert math.isclose(lesson_06._frechet_by_eigenvalues(*args), expected, rel_tol=1e-6, abs_tol=1e-8)


def test_06_4_is_zero_for_equal_gaussians_and_the_1d_formula_in_one_dimension() -> None:
    mu, sigma = lesson_06.FRECHET_CASES[4][:2]
    assert abs(lesson_06.gaussian_frechet_distance(mu, sigma, mu, sigma)) < 1e-9
    assert math.isclose(
        lesson_06.gaussian_frechet_distance([0.0], [[1.0]], [3.0], [[4.0]]), lesson_06.frechet_1d(0, 1, 3, 4)
    )


def test_06_4_names_the_usual_slips() -> None:
    assert "-2 (S_a S_b)^(1/2)" in _hint("06.4", lesson_06._fd_no_root_term)
    assert "counts twice" in _hint("06.4", lesson_06._fd_root_once)
    assert "matrix square root" in _hint("06.4", lesson_06._fd_elementwise_root)
    assert "entry by entry" in _hint("06.4", lesson_06._fd_elementwise_product)
    assert "commute" in _hint("06.4", lesson_06._fd_product_of_roots)
    assert "squared distance" in _hint("06.4", lesson_06._fd_distance_not_squared)
    assert "np.trace" in _hint("06.4", lesson_06._fd_sum_not_trace)

    def elementwise_nan(mu_a, sigma_a, mu_b, sigma_b):  # np.sqrt of a negative entry of the product
        with np.errstate(invalid="ignore"):
            return np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * np.sqrt(sigma_a @ sigma_b - 100))

    assert "scipy.linalg.sqrtm" in _hint("06.4", elementwise_nan)

    def complex_result(mu_a, sigma_a, mu_b, sigma_b):
        return lesson_06.gaussian_frechet_distance(mu_a, sigma_a, mu_b, sigma_b) + 0.5j

    assert ".real" in _hint("06.4", complex_result)


def test_06_4_accepts_a_1x1_array_and_a_symmetric_square_root() -> None:
    assert check.is_correct("06.4", lambda *args: np.array([[lesson_06.gaussian_frechet_distance(*args)]]))
    assert check.is_correct("06.4", lesson_06._frechet_by_eigenvalues)


# ------------------------------------------------------------------ 06.5 predict, then run


def test_06_5_options_in_the_prompt_are_the_module_options(capsys: pytest.CaptureFixture[str]) -> None:
    item, prompt = check.all_exercises()["06.5"], _prompt("### Exercise 06.5")
    for key, text in item.options.items():
        assert f"({key}) {text}" in " ".join(prompt.split())
    check.predict("06.5", "c")
    check.reveal("06.5", "b")
    out = capsys.readouterr().out
    assert "not this time" in out and "FID-style" in out
    assert check.is_correct("06.5", "b")


# ------------------------------------------------------------------ 06.6 the IS-style score of two digits


def test_06_6_follows_the_inception_score_of_a_matching_matrix() -> None:
    probs = np.repeat(np.eye(10)[check.given("06.6")["digits"]], 50, axis=0)
    p_y = probs.mean(axis=0)
    kl = np.sum(probs * (np.log(probs + 1e-12) - np.log(p_y + 1e-12)), axis=1)
    assert math.isclose(float(np.exp(kl.mean())), lesson_06.inception_score_of_modes(2), rel_tol=1e-6)
    assert math.isclose(lesson_06.inception_score_of_modes(10), 10.0)
    with pytest.raises(ValueError):
        lesson_06.inception_score_of_modes(0)


def test_06_6_hints() -> None:
    assert check.is_correct("06.6", 2.0) and check.is_correct("06.6", 1.999)
    assert "quotes" in _hint("06.6", "2")
    assert "exponential" in _hint("06.6", math.log(2))
    assert "two classes" in _hint("06.6", 10)
    assert "single class" in _hint("06.6", 1)
