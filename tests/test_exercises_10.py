"""Lesson 10's exercise checkers and the reference functions they rest on (no training)."""

from __future__ import annotations

import numpy as np
import pytest
from fairlearn.metrics import equalized_odds_difference as fairlearn_eo

from course_lib import check
from course_lib.exercises import lesson_10

# ------------------------------------------------------------------------ 10.1 equalised-odds difference


def _random_case(seed: int, n_groups: int, n: int = 400):
    rng = np.random.default_rng(seed)
    group = rng.choice([f"g{k}" for k in range(n_groups)], size=n)
    y_true = (rng.random(n) < 0.3).astype(int)
    y_pred = (rng.random(n) < np.where(y_true == 1, 0.7, 0.1)).astype(int)
    return y_true, y_pred, group


@pytest.mark.parametrize("n_groups", [2, 3, 5])
def test_10_1_reference_equals_fairlearn(n_groups: int) -> None:
    for seed in range(5):
        y_true, y_pred, group = _random_case(seed, n_groups)
        assert np.isclose(
            lesson_10.equalized_odds_difference(y_true, y_pred, group),
            fairlearn_eo(y_true, y_pred, sensitive_features=group),
        )
    for case in lesson_10._CASES_10_1:  # the hidden inputs too
        assert np.isclose(
            lesson_10.equalized_odds_difference(*case), fairlearn_eo(*case[:2], sensitive_features=case[2])
        )


def test_10_1_hidden_cases_tell_the_gaps_apart() -> None:
    """The cases must make every typical slip visible: TPR gap > FPR gap somewhere, and the reverse."""
    gaps = [lesson_10.group_rates(*case) for case in lesson_10._CASES_10_1]
    tpr_gaps = [np.ptp(g["tpr"]) for g in gaps]
    fpr_gaps = [np.ptp(g["fpr"]) for g in gaps]
    assert any(t > f for t, f in zip(tpr_gaps, fpr_gaps)) and any(f > t for t, f in zip(tpr_gaps, fpr_gaps))
    assert any(len(g["groups"]) > 2 for g in gaps)


def test_10_1_other_right_answers_pass() -> None:
    def with_masks(y_true, y_pred, group):  # booleans, a dict per group, a NumPy float returned
        rates = {
            g: (y_pred[(group == g) & (y_true == 1)].mean(), y_pred[(group == g) & (y_true == 0)].mean())
            for g in set(group)
        }
        tprs, fprs = zip(*rates.values())
        return np.float64(max(max(tprs) - min(tprs), max(fprs) - min(fprs)))

    def with_fairlearn(y_true, y_pred, group):
        return fairlearn_eo(y_true, y_pred, sensitive_features=group)

    for answer in (with_masks, with_fairlearn, lesson_10._eo_pandas):
        assert check.is_correct("10.1", answer), check.feedback("10.1", answer)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda t, p, g: np.ptp(lesson_10.group_rates(t, p, g)["tpr"]), "equal opportunity"),
        (lambda t, p, g: np.ptp(lesson_10.group_rates(t, p, g)["fpr"]), "false-positive-rate gap alone"),
        (
            lambda t, p, g: fairlearn_eo(t, p, sensitive_features=g, agg="mean"),
            "averaged the two gaps",
        ),
        (lambda t, p, g: np.ptp(lesson_10.group_rates(t, p, g)["selection"]), "demographic-parity difference"),
        (lesson_10._ppv_gap, "precision"),
        (
            lambda t, p, g: max(
                abs(np.diff(lesson_10.group_rates(t, p, g)["tpr"][:2])[0]),
                abs(np.diff(lesson_10.group_rates(t, p, g)["fpr"][:2])[0]),
            ),
            "not the difference between the first two",
        ),
    ],
)
def test_10_1_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("10.1", wrong)
    assert message is not None and hint in message, message


def test_10_1_shape_and_placeholder_messages() -> None:
    def both_gaps(y_true, y_pred, group):  # returns the two gaps instead of the larger one
        rates = lesson_10.group_rates(y_true, y_pred, group)
        return np.array([np.ptp(rates["tpr"]), np.ptp(rates["fpr"])])

    assert "shape ()" in check.feedback("10.1", both_gaps)

    def placeholder(y_true, y_pred, group): ...

    assert "not answered yet" in check.feedback("10.1", placeholder)


def test_10_1_example_answer_is_computed() -> None:
    example = check.given("10.1")
    # group a: TPR 1/2, FPR 0/1; group b: TPR 1/1, FPR 1/2 -> gaps 0.5 and 0.5
    assert (
        example["answer"]
        == 0.5
        == lesson_10.equalized_odds_difference(example["y_true"], example["y_pred"], example["group"])
    )


def test_group_rates_handles_a_group_without_positives() -> None:
    rates = lesson_10.group_rates([0, 0, 1, 0], [0, 1, 1, 0], ["a", "a", "b", "b"])
    assert np.isnan(rates["tpr"][0]) and rates["fpr"].tolist() == [0.5, 0.0]
    with pytest.raises(ValueError, match="one label, prediction and group per person"):
        lesson_10.group_rates([0, 1], [0], ["a", "b"])


# ------------------------------------------------------------------------ 10.2 dropping sex


def test_10_2_option_bands() -> None:
    assert lesson_10.option_10_2(0.18, 0.01) == "a"
    assert lesson_10.option_10_2(0.18, 0.18 * 0.5) == "b"
    assert lesson_10.option_10_2(0.18, 0.18 * 0.7) == "b"
    assert lesson_10.option_10_2(0.18, 0.17) == "c"
    assert lesson_10.option_10_2(0.18, 0.2) == "c"  # it may grow
    with pytest.raises(check.Wrong, match="remove the quotes"):
        lesson_10.option_10_2("0.18", 0.1)


def test_10_2_is_a_prediction_whose_answer_is_c(capsys) -> None:
    item = check.all_exercises()["10.2"]
    assert item.kind == "predict" and item.reference == "c" and set(item.options) == {"a", "b", "c"}
    check.predict("10.2", "a")
    check.reveal("10.2", "c")
    out = capsys.readouterr().out
    assert "not this time" in out and "Husband" in out


# ------------------------------------------------------------------------ 10.3 implied false-positive rate


def test_10_3_reference_is_chouldechovas_identity_on_counted_confusion_matrices() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        tp, fn, fp, tn = rng.integers(1, 500, size=4)
        base_rate = (tp + fn) / (tp + fn + fp + tn)
        ppv, fnr, fpr = tp / (tp + fp), fn / (tp + fn), fp / (fp + tn)
        assert np.isclose(lesson_10.implied_fpr(base_rate, ppv, fnr), fpr)


def test_10_3_equal_ppv_and_fnr_force_fprs_in_the_ratio_of_the_odds() -> None:
    women, men = lesson_10.implied_fpr(np.array([0.11, 0.30]), 0.74, 0.4)
    assert np.isclose(men / women, (0.30 / 0.70) / (0.11 / 0.89))


def test_10_3_other_right_answers_pass() -> None:
    def step_by_step(base_rate, ppv, fnr):
        true_pos = (1 - fnr) * base_rate
        return true_pos * (1 - ppv) / ppv / (1 - base_rate)

    assert check.is_correct("10.3", step_by_step)
    assert check.is_correct("10.3", lesson_10._implied_fpr_counts)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda p, v, f: (1 - p) / p * (1 - v) / v * (1 - f), "enters as odds"),
        (lambda p, v, f: p / (1 - p) * v / (1 - v) * (1 - f), "(1 - PPV) / PPV"),
        (lambda p, v, f: p / (1 - p) * (1 - v) / v * f, "multiply by 1 - FNR, not FNR"),
        (lambda p, v, f: p * (1 - v) / v * (1 - f), "divide by the negatives"),
        (lambda p, v, f: p / (1 - p) * (1 - v) / v, "forgot the factor 1 - FNR"),
    ],
)
def test_10_3_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("10.3", wrong)
    assert message is not None and hint in message, message


def test_10_3_scalar_only_code_is_told_about_arrays() -> None:
    def scalar_only(base_rate, ppv, fnr):
        return float(base_rate) / (1 - float(base_rate)) * (1 - ppv) / ppv * (1 - fnr)

    message = check.feedback("10.3", scalar_only)
    assert message is not None and "raised TypeError" in message and "(6,)" in message
