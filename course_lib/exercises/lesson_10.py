"""Exercises of lesson 10 (tables, embeddings and fairness on census data).

* 10.1 (code): the equalised-odds difference, the larger of the between-group gaps in
  true-positive rate and in false-positive rate.
* 10.2 (predict): does dropping ``sex`` from the inputs remove the gap in selection rates?
* 10.3 (code): the false-positive rate that a group's base rate, precision (PPV) and
  false-negative rate imply (Chouldechova's identity, the heart of the impossibility result).

The code exercises run the learner's function on hidden inputs generated here with a fixed seed,
against the reference functions below; the hints name the usual slips. Expected values are
computed here, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import as_number, check_function, register, register_prediction


def group_rates(y_true: Any, y_pred: Any, group: Any) -> dict[str, np.ndarray]:
    """Per-group selection rate, true-positive rate and false-positive rate, groups in sorted order.

    ``y_true`` and ``y_pred`` hold 0 or 1 per person, ``group`` a group name per person.

    Example:
        >>> rates = group_rates([1, 1, 0, 0], [1, 0, 1, 0], ["a", "a", "b", "b"])
        >>> {name: values.tolist() for name, values in rates.items()}
        {'groups': ['a', 'b'], 'selection': [0.5, 0.5], 'tpr': [0.5, nan], 'fpr': [nan, 0.5]}
    """
    y_true, y_pred, group = (np.asarray(a).reshape(-1) for a in (y_true, y_pred, group))
    if not len(y_true) == len(y_pred) == len(group):
        raise ValueError(
            f"expected one label, prediction and group per person, got {len(y_true)}, {len(y_pred)}, {len(group)}"
        )
    names = np.unique(group)
    selection, tpr, fpr = [], [], []
    for name in names:
        mine = group == name
        positives, negatives = mine & (y_true == 1), mine & (y_true == 0)
        selection.append(np.mean(y_pred[mine]))
        tpr.append(np.mean(y_pred[positives]) if positives.any() else np.nan)
        fpr.append(np.mean(y_pred[negatives]) if negatives.any() else np.nan)
    return {"groups": names, "selection": np.array(selection), "tpr": np.array(tpr), "fpr": np.array(fpr)}


def equalized_odds_difference(y_true: Any, y_pred: Any, group: Any) -> float:
    """The equalised-odds difference: ``max(TPR gap, FPR gap)``, each gap the largest minus the
    smallest rate over the groups (fairlearn's ``equalized_odds_difference``, its default
    ``agg="worst_case"``). 0 means every group has the same TPR and the same FPR.

    Example:
        >>> equalized_odds_difference([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0], ["a", "a", "a", "b", "b", "b"])
        0.5
    """
    rates = group_rates(y_true, y_pred, group)
    tpr, fpr = rates["tpr"], rates["fpr"]
    return float(max(np.max(tpr) - np.min(tpr), np.max(fpr) - np.min(fpr)))


def implied_fpr(base_rate: Any, ppv: Any, fnr: Any) -> Any:
    """The false-positive rate forced by a base rate ``p``, a precision ``PPV`` and a false-negative
    rate ``FNR``: ``FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR)`` (Chouldechova 2017).
    Works element-wise on arrays.

    Example:
        >>> round(float(implied_fpr(0.3, 0.75, 0.4)), 4)
        0.0857
    """
    p, ppv, fnr = (np.asarray(a, dtype=np.float64) for a in (base_rate, ppv, fnr))
    return p / (1 - p) * (1 - ppv) / ppv * (1 - fnr)


# ----------------------------------------------------------------------------------- 10.1

_RNG_10_1 = np.random.default_rng(1010)


def _case_10_1(sizes: dict[str, int], positive_share: dict[str, float], tpr: dict[str, float], fpr: dict[str, float]):
    """Hidden inputs: people of several groups, with their labels and a classifier's decisions."""
    y_true, y_pred, group = [], [], []
    for name, n in sizes.items():
        labels = (_RNG_10_1.random(n) < positive_share[name]).astype(int)
        labels[:2] = [1, 0]  # every group has positives and negatives
        rate = np.where(labels == 1, tpr[name], fpr[name])
        y_true.append(labels)
        y_pred.append((_RNG_10_1.random(n) < rate).astype(int))
        group.append(np.full(n, name))
    order = _RNG_10_1.permutation(sum(sizes.values()))
    return tuple(np.concatenate(parts)[order] for parts in (y_true, y_pred, group))


_CASES_10_1 = [
    # two groups, the FPR gap larger than the TPR gap
    _case_10_1(
        {"Female": 60, "Male": 140},
        {"Female": 0.2, "Male": 0.4},
        {"Female": 0.6, "Male": 0.65},
        {"Female": 0.05, "Male": 0.3},
    ),
    # two groups, the TPR gap larger
    _case_10_1(
        {"Female": 90, "Male": 110},
        {"Female": 0.3, "Male": 0.3},
        {"Female": 0.4, "Male": 0.8},
        {"Female": 0.1, "Male": 0.15},
    ),
    # five groups of very different sizes, as with race in the census data
    _case_10_1(
        {"Amer-Indian-Eskimo": 25, "Asian-Pac-Islander": 40, "Black": 80, "Other": 20, "White": 400},
        {"Amer-Indian-Eskimo": 0.2, "Asian-Pac-Islander": 0.3, "Black": 0.15, "Other": 0.2, "White": 0.3},
        {"Amer-Indian-Eskimo": 0.5, "Asian-Pac-Islander": 0.7, "Black": 0.55, "Other": 0.45, "White": 0.65},
        {"Amer-Indian-Eskimo": 0.05, "Asian-Pac-Islander": 0.1, "Black": 0.04, "Other": 0.02, "White": 0.08},
    ),
    # three groups, where the first two happen to be close and the third is far off
    _case_10_1(
        {"a": 100, "b": 100, "c": 100},
        {"a": 0.3, "b": 0.3, "c": 0.3},
        {"a": 0.6, "b": 0.62, "c": 0.95},
        {"a": 0.1, "b": 0.11, "c": 0.5},
    ),
]


def _eo_pandas(y_true: Any, y_pred: Any, group: Any) -> float:
    """Another right way: pandas groupby, once for the positives and once for the negatives."""
    import pandas as pd

    frame = pd.DataFrame({"y": np.asarray(y_true), "pred": np.asarray(y_pred), "group": np.asarray(group)})
    tpr = frame[frame.y == 1].groupby("group")["pred"].mean()
    fpr = frame[frame.y == 0].groupby("group")["pred"].mean()
    return max(tpr.max() - tpr.min(), fpr.max() - fpr.min())


def _gap(values: np.ndarray) -> float:
    return float(np.max(values) - np.min(values))


def _first_two(values: np.ndarray) -> float:
    return float(abs(values[0] - values[1]))


def _ppv_gap(y_true: Any, y_pred: Any, group: Any) -> float:
    y_true, y_pred, group = np.asarray(y_true), np.asarray(y_pred), np.asarray(group)
    ppv = [np.mean(y_true[(group == g) & (y_pred == 1)]) for g in np.unique(group)]
    npv_miss = [np.mean(y_true[(group == g) & (y_pred == 0)]) for g in np.unique(group)]
    return max(_gap(np.array(ppv)), _gap(np.array(npv_miss)))


_VARIANTS_10_1 = {
    "that is the true-positive-rate gap alone (equal opportunity); equalised odds also compares the "
    "false-positive rates: return the larger of the two gaps": lambda t, p, g: _gap(group_rates(t, p, g)["tpr"]),
    "that is the false-positive-rate gap alone; equalised odds also compares the true-positive rates: "
    "return the larger of the two gaps": lambda t, p, g: _gap(group_rates(t, p, g)["fpr"]),
    "you averaged the two gaps; the equalised-odds difference is the larger of them, the worst case": (
        lambda t, p, g: (_gap(group_rates(t, p, g)["tpr"]) + _gap(group_rates(t, p, g)["fpr"])) / 2
    ),
    "you added the two gaps; the equalised-odds difference is the larger of them, max(TPR gap, FPR gap)": (
        lambda t, p, g: _gap(group_rates(t, p, g)["tpr"]) + _gap(group_rates(t, p, g)["fpr"])
    ),
    "that is the demographic-parity difference (selection rates over whole groups); the TPR counts "
    "only people with y_true = 1, the FPR only people with y_true = 0": (
        lambda t, p, g: _gap(group_rates(t, p, g)["selection"])
    ),
    "you computed P(y_true = 1 | y_pred = 1), the precision; the TPR is the other way round, "
    "P(y_pred = 1 | y_true = 1): select the positives first, then average the predictions": _ppv_gap,
    "with more than two groups, a gap is the largest rate minus the smallest (max - min over all "
    "groups), not the difference between the first two": (
        lambda t, p, g: max(_first_two(group_rates(t, p, g)["tpr"]), _first_two(group_rates(t, p, g)["fpr"]))
    ),
}


@register(
    "10.1",
    reference=equalized_odds_difference,
    kind="code",
    right=[_eo_pandas, lambda t, p, g: np.array(equalized_odds_difference(list(t), list(p), list(g)))],
    wrongs=list(_VARIANTS_10_1.values()),
    solution=(
        "def equalized_odds_difference(y_true, y_pred, group):\n"
        "    tprs, fprs = [], []\n"
        "    for name in np.unique(group):\n"
        "        mine = group == name\n"
        "        tprs.append(y_pred[mine & (y_true == 1)].mean())  # P(y_pred = 1 | y = 1, group)\n"
        "        fprs.append(y_pred[mine & (y_true == 0)].mean())  # P(y_pred = 1 | y = 0, group)\n"
        "    return max(max(tprs) - min(tprs), max(fprs) - min(fprs))\n\n"
        "fairlearn.metrics.equalized_odds_difference(y_true, y_pred, sensitive_features=group) gives the same\n"
        "number (its default agg='worst_case'; agg='mean' would average the two gaps instead)."
    ),
    data={
        "y_true": [1, 1, 0, 0, 1, 0],
        "y_pred": [1, 0, 0, 1, 1, 0],
        "group": ["a", "a", "a", "b", "b", "b"],
        "answer": equalized_odds_difference([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0], ["a", "a", "a", "b", "b", "b"]),
    },
)
def _check_10_1(answer: Any) -> str | None:
    return check_function(
        answer,
        equalized_odds_difference,
        _CASES_10_1,
        variants=_VARIANTS_10_1,
        atol=1e-9,
        advice="for each group, TPR = mean of y_pred over its people with y_true = 1, FPR = the same over "
        "y_true = 0; then max(TPR max - min, FPR max - min)",
    )


# ----------------------------------------------------------------------------------- 10.2

REMAINING_BANDS_10_2 = (0.25, 0.75)


def option_10_2(gap_with_sex: float, gap_without_sex: float) -> str:
    """The option of exercise 10.2 that two measured selection-rate gaps show: the share of the gap
    that remains once ``sex`` is dropped from the inputs.

    Example:
        >>> option_10_2(0.18, 0.02), option_10_2(0.18, 0.09), option_10_2(0.18, 0.17)
        ('a', 'b', 'c')
    """
    low, high = REMAINING_BANDS_10_2
    remaining = as_number(gap_without_sex, "gap without sex") / as_number(gap_with_sex, "gap with sex")
    return "a" if remaining < low else "b" if remaining <= high else "c"


register_prediction(
    "10.2",
    options={
        "a": f"the gap disappears: less than {REMAINING_BANDS_10_2[0]:.0%} of it remains",
        "b": f"the gap shrinks: between {REMAINING_BANDS_10_2[0]:.0%} and {REMAINING_BANDS_10_2[1]:.0%} of it remains",
        "c": f"most of the gap stays: more than {REMAINING_BANDS_10_2[1]:.0%} of it remains (or it grows)",
    },
    answer="c",
    why=(
        "sex is written all over the other columns: relationship says 'Husband' or 'Wife', and marital "
        "status, occupation and hours per week add the rest, so a model can rebuild the group without being "
        "told it (logistic regression predicts sex from them with a ROC AUC above 0.9). And the base rates "
        "differ: a model that predicts the label well selects fewer women whatever its inputs. Leaving a column "
        "out ('fairness through unawareness') hides the attribute from the model, not the information."
    ),
)


# ----------------------------------------------------------------------------------- 10.3

_RNG_10_3 = np.random.default_rng(1030)
_CASES_10_3 = [
    (0.3, 0.74, 0.37),  # numbers like the men's in the census data
    (0.11, 0.73, 0.45),  # and the women's
    (_RNG_10_3.uniform(0.05, 0.6, 6), _RNG_10_3.uniform(0.3, 0.95, 6), _RNG_10_3.uniform(0.05, 0.6, 6)),
    (np.array([0.1, 0.2, 0.4, 0.5]), 0.8, 0.25),  # one precision and one FNR for every base rate
]


def _implied_fpr_counts(base_rate: Any, ppv: Any, fnr: Any) -> Any:
    """Another right way: 1,000 people, counted."""
    people = 1000.0
    positives = np.asarray(base_rate, dtype=np.float64) * people
    true_pos = (1 - np.asarray(fnr, dtype=np.float64)) * positives
    false_pos = true_pos * (1 - np.asarray(ppv, dtype=np.float64)) / np.asarray(ppv, dtype=np.float64)
    return false_pos / (people - positives)


_VARIANTS_10_3 = {
    "the base rate enters as odds, p / (1 - p), not (1 - p) / p: the FPR is a share of the negatives, "
    "N = (1 - p) people in every 1": lambda p, v, f: (1 - p) / p * (1 - v) / v * (1 - f),
    "false positives per true positive are (1 - PPV) / PPV, not PPV / (1 - PPV)": (
        lambda p, v, f: p / (1 - p) * v / (1 - v) * (1 - f)
    ),
    "the true positives are the share 1 - FNR of the positives (the TPR): multiply by 1 - FNR, not FNR": (
        lambda p, v, f: p / (1 - p) * (1 - v) / v * f
    ),
    "divide by the negatives, not by everyone: FPR = FP / N with N = (1 - p) of the group, so the base "
    "rate enters as p / (1 - p)": lambda p, v, f: p * (1 - v) / v * (1 - f),
    "you forgot the factor 1 - FNR: only the positives that are found, TP = (1 - FNR) P, come with false "
    "positives at the rate the PPV says": lambda p, v, f: p / (1 - p) * (1 - v) / v,
}


@register(
    "10.3",
    reference=implied_fpr,
    kind="code",
    right=[_implied_fpr_counts, lambda p, v, f: np.round(implied_fpr(p, v, f), 12)],
    wrongs=list(_VARIANTS_10_3.values()),
    solution=(
        "def implied_fpr(base_rate, ppv, fnr):\n"
        "    # per person of the group: P = p positives, N = 1 - p negatives\n"
        "    true_pos = (1 - fnr) * base_rate            # TP = TPR * P\n"
        "    false_pos = true_pos * (1 - ppv) / ppv     # PPV = TP / (TP + FP)  =>  FP = TP (1 - PPV) / PPV\n"
        "    return false_pos / (1 - base_rate)         # FPR = FP / N\n\n"
        "So FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR). Hold PPV and FNR equal across two groups, and\n"
        "their FPRs must stand in the ratio of their odds p / (1 - p): equal only if the base rates are equal."
    ),
    data={"base_rate": 0.3, "ppv": 0.75, "fnr": 0.4, "answer": float(implied_fpr(0.3, 0.75, 0.4))},
)
def _check_10_3(answer: Any) -> str | None:
    return check_function(
        answer,
        implied_fpr,
        _CASES_10_3,
        variants=_VARIANTS_10_3,
        rtol=1e-6,
        advice="take one group of 1 person: P = p, N = 1 - p, TP = (1 - FNR) P, FP = TP (1 - PPV) / PPV, FPR = FP / N",
    )
