"""Exercises of lesson 09 (can we trust it? explaining, attacking and doubting a network), in the
order the notebook shows them.

* 09.1 (predict): the model-randomisation test: does a network with random weights still give an
  Integrated Gradients map that looks like the trained network's?
* 09.2 (code): one step of PGD in the L2 ball, ``pgd_l2_step(x_adv, x, gradient, alpha, epsilon)``,
  run on hidden inputs against :func:`pgd_l2_step`.
* 09.3 (predict): does temperature scaling change the test accuracy?
* 09.4 (code): the expected calibration error with equal-mass bins,
  ``equal_mass_ece(confidences, correct, n_bins)``, against :func:`equal_mass_ece`.
* 09.5 (code): the mutual information of an ensemble, the part of its predictive entropy that
  comes from disagreement, ``mutual_information(member_probs)``, against :func:`mutual_information`.

Expected values are computed here by the reference functions, on hidden inputs made with a fixed
seed; the hints name the usual slips.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import Wrong, check_function, register, register_prediction, run_code

# ---------------------------------------------------------------- the reference functions


def _per_example_norm(a: np.ndarray) -> np.ndarray:
    """L2 norm of each example (all axes but the first), shaped to broadcast against ``a``."""
    norms = np.sqrt(np.sum(a.reshape(len(a), -1) ** 2, axis=1))
    return norms.reshape((len(a),) + (1,) * (a.ndim - 1))


def pgd_l2_step(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """One step of projected gradient ascent in the L2 ball of radius ``epsilon`` around ``x``.

    For each example (the first axis indexes examples):

    1. step along the normalised gradient: ``z = x_adv + alpha * g / max(||g||, 1e-12)``;
    2. project onto the ball: ``delta = z - x``, scaled by ``min(1, epsilon / ||delta||)``;
    3. clip to valid pixels: ``clip(x + delta, 0, 1)``.

    Norms are L2 norms over all the axes of one example (all pixels and channels).

    Example:
        >>> x = np.zeros((1, 2, 2))
        >>> pgd_l2_step(x, x, np.ones((1, 2, 2)), alpha=1.0, epsilon=0.5).round(3).tolist()
        [[[0.25, 0.25], [0.25, 0.25]]]
    """
    x_adv, x, gradient = (np.asarray(a, dtype=float) for a in (x_adv, x, gradient))
    if not (x_adv.shape == x.shape == gradient.shape) or x.ndim < 2:
        raise ValueError(
            f"expected x_adv, x and gradient of one shape (n, ...), got {x_adv.shape}, {x.shape}, {gradient.shape}"
        )
    z = x_adv + alpha * gradient / np.maximum(_per_example_norm(gradient), 1e-12)
    delta = z - x
    delta = delta * np.minimum(1.0, epsilon / np.maximum(_per_example_norm(delta), 1e-12))
    return np.clip(x + delta, 0.0, 1.0)


def expected_calibration_error(confidences: Any, correct: Any, n_bins: int = 15) -> float:
    """ECE with equal-width bins (the lesson's version): ``sum_b (n_b / n) |acc_b - conf_b|``.

    Bin b holds the predictions whose confidence is in ((b - 1) / n_bins, b / n_bins].

    Example:
        >>> round(expected_calibration_error(np.array([0.9, 0.9, 0.6, 0.6]), np.array([1, 1, 1, 0]), n_bins=10), 6)
        0.1
    """
    confidences, correct = np.asarray(confidences, dtype=float), np.asarray(correct, dtype=float)
    which = np.clip(np.ceil(confidences * n_bins).astype(int) - 1, 0, n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        members = which == b
        if members.any():
            total += members.mean() * abs(correct[members].mean() - confidences[members].mean())
    return float(total)


def equal_mass_ece(confidences: Any, correct: Any, n_bins: int) -> float:
    """ECE with equal-mass bins: sort by confidence, cut into ``n_bins`` groups of (nearly) equal
    size with ``np.array_split``, then ``sum_b (n_b / n) |acc_b - conf_b|``.

    Example:
        >>> equal_mass_ece(np.array([0.6, 0.9, 0.7, 0.8]), np.array([0, 1, 1, 1]), n_bins=2)  # |0.5 - 0.65| / 2 + |1 - 0.85| / 2
        0.15
    """
    confidences, correct = np.asarray(confidences, dtype=float), np.asarray(correct, dtype=float)
    if confidences.ndim != 1 or confidences.shape != correct.shape or len(confidences) < n_bins:
        raise ValueError(
            f"expected two 1-D arrays of one length >= n_bins, got {confidences.shape} and {correct.shape}"
        )
    order = np.argsort(confidences, kind="stable")
    total = 0.0
    for group in np.array_split(order, n_bins):
        total += len(group) / len(order) * abs(correct[group].mean() - confidences[group].mean())
    return round(float(total), 12)


def entropy(p: Any, axis: int = -1) -> np.ndarray:
    """Entropy in nats, ``-sum p log p`` along ``axis``, with 0 log 0 counted as 0.

    Example:
        >>> entropy(np.array([[0.5, 0.5], [1.0, 0.0]])).round(4).tolist()
        [0.6931, 0.0]
    """
    p = np.asarray(p, dtype=float)
    return 0.0 - np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=axis)  # 0.0 - : no -0.0


def mutual_information(member_probs: Any) -> np.ndarray:
    """The ensemble's mutual information for each input, in nats: the entropy of the mean
    prediction minus the mean of the members' entropies.

    ``member_probs`` has shape (members, inputs, classes); the result has shape (inputs,). It is
    0 when the members agree and grows with their disagreement.

    Example:
        >>> agree = np.array([[[0.5, 0.5]], [[0.5, 0.5]]])      # 2 members, 1 input, 2 classes
        >>> disagree = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])
        >>> mutual_information(agree).round(4).tolist(), mutual_information(disagree).round(4).tolist()
        ([0.0], [0.6931])
    """
    p = np.asarray(member_probs, dtype=float)
    if p.ndim != 3:
        raise ValueError(f"expected member_probs of shape (members, inputs, classes), got {p.shape}")
    return entropy(p.mean(axis=0)) - entropy(p).mean(axis=0)


# ---------------------------------------------------------------- 09.1: the model-randomisation test

register_prediction(
    "09.1",
    options={
        "a": "no: its map is noise, nothing like the trained network's",
        "b": "yes: its map still has the digit's shape, close to the trained network's",
        "c": "it is blank: a network that learned nothing has gradients close to zero",
    },
    answer="b",
    why=(
        "Integrated Gradients multiplies the averaged gradient by (x - baseline). With a black baseline that is "
        "the image itself, so every map is zero off the ink and follows the digit's strokes whatever the "
        "weights: part of what the map shows is the input, not the model. Vanilla gradients have no such factor, "
        "and their ranking of the pixels changes far more. Compare maps on the ink pixels, and read a map only "
        "beside this control."
    ),
)


# ---------------------------------------------------------------- 09.2: one PGD step in the L2 ball


def _pgd_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float, float]]:
    """Hidden inputs: batches of one to four examples, with and without a channel axis; pixels at
    0 and 1 (so that clipping matters); x_adv inside the ball and on its edge (so that the
    projection is needed for some examples and not for others); the last case has an example
    whose gradient is all zeros. In the first case, every other example's gradient points back
    towards x, so that its step ends inside the ball: that case tells every slip in the hints apart."""
    rng = np.random.default_rng(909)
    cases = []
    for shape, alpha, epsilon, spread in [
        ((6, 5, 5), 0.9, 0.8, 0.6),
        ((2, 4, 4, 1), 0.3, 0.5, 0.9),
        ((4, 3, 3, 2), 1.5, 1.0, 0.9),
        ((1, 6, 6), 0.25, 2.0, 0.9),
        ((3, 4, 4), 0.5, 0.8, 0.9),
    ]:
        x = np.clip(rng.uniform(0.5 - spread, 0.5 + spread, size=shape), 0.0, 1.0)  # some pixels exactly 0 or 1
        start = rng.normal(size=shape)
        radius = epsilon * rng.uniform(0.2, 1.0, size=(shape[0],) + (1,) * (len(shape) - 1))
        x_adv = np.clip(x + radius * start / _per_example_norm(start), 0.0, 1.0)
        gradient = rng.normal(size=shape) * rng.uniform(0.01, 5.0, size=(shape[0],) + (1,) * (len(shape) - 1))
        cases.append((x_adv, x, gradient, alpha, epsilon))
    x_adv, x, gradient, alpha, epsilon = cases[0]
    back = -(x_adv - x) * rng.uniform(0.5, 3.0, size=(len(x), 1, 1))  # points back towards x: the step ends inside
    gradient[::2] = back[::2] + 0.05 * rng.normal(size=x.shape)[::2]
    cases[-1][2][1] = 0.0  # an example with a zero gradient: it must not move (and not become nan)
    return cases


_PGD_CASES = _pgd_cases()


def _pgd_with_loops(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """Another right answer: one example at a time, with np.linalg.norm."""
    out = np.empty_like(np.asarray(x, dtype=float))
    for i in range(len(x)):
        g = gradient[i]
        z = x_adv[i] + alpha * g / max(np.linalg.norm(g), 1e-12)
        delta = z - x[i]
        norm = np.linalg.norm(delta)
        if norm > epsilon:
            delta = delta * epsilon / norm
        out[i] = np.clip(x[i] + delta, 0, 1)
    return out


def _pgd_batch_norm(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """A slip: norms over the whole batch instead of per example."""
    z = x_adv + alpha * gradient / max(np.linalg.norm(gradient), 1e-12)
    delta = z - x
    delta = delta * min(1.0, epsilon / max(np.linalg.norm(delta), 1e-12))
    return np.clip(x + delta, 0, 1)


def _pgd_always_rescale(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """A slip: every delta rescaled to length epsilon, even inside the ball."""
    z = x_adv + alpha * gradient / np.maximum(_per_example_norm(gradient), 1e-12)
    delta = z - x
    return np.clip(x + epsilon * delta / np.maximum(_per_example_norm(delta), 1e-12), 0, 1)


def _pgd_clip_then_project(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """A slip: clip to [0, 1] first, then project (the projection can leave [0, 1] again)."""
    z = np.clip(_step(x_adv, gradient, alpha), 0, 1)
    return x + _project(z - x, epsilon)


def _step(x_adv: Any, gradient: Any, alpha: float) -> np.ndarray:
    return x_adv + alpha * gradient / np.maximum(_per_example_norm(gradient), 1e-12)


def _project(delta: np.ndarray, epsilon: float) -> np.ndarray:
    return delta * np.minimum(1.0, epsilon / np.maximum(_per_example_norm(delta), 1e-12))


def _pgd_sign_step(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """A slip: the L-infinity step, alpha * sign(g), in the L2 ball."""
    return np.clip(x + _project(x_adv + alpha * np.sign(gradient) - x, epsilon), 0, 1)


def _pgd_around_x_adv(x_adv: Any, x: Any, gradient: Any, alpha: float, epsilon: float) -> np.ndarray:
    """A slip: the ball centred on x_adv (so the step alone is projected, and x_adv drifts away)."""
    return np.clip(x_adv + _project(_step(x_adv, gradient, alpha) - x_adv, epsilon), 0, 1)


_PGD_VARIANTS = {
    "normalise each example on its own: its norm sums over all the axes of that example (pixels and "
    "channels), not over the whole batch; e.g. np.sqrt((g ** 2).sum(axis=tuple(range(1, g.ndim)), keepdims=True))": (
        _pgd_batch_norm
    ),
    "that is the L-infinity step, alpha * sign(gradient); in the L2 ball the step follows the gradient's "
    "direction, alpha * gradient / ||gradient||": _pgd_sign_step,
    "an attack climbs the loss: add the step, x_adv + alpha * g / ||g||, do not subtract it": (
        lambda xa, x, g, a, e: pgd_l2_step(xa, x, -g, a, e)
    ),
    "project back onto the ball: the perturbation delta = z - x may be at most epsilon long, scale it by "
    "min(1, epsilon / ||delta||)": lambda xa, x, g, a, e: np.clip(_step(xa, g, a), 0, 1),
    "the ball is centred on the original image x, not on x_adv: delta = z - x": _pgd_around_x_adv,
    "rescale delta only when it leaves the ball (its norm is above epsilon); a perturbation inside the "
    "ball stays as it is: multiply by min(1, epsilon / ||delta||)": _pgd_always_rescale,
    "clip to valid pixels, [0, 1], at the end: np.clip(x + delta, 0, 1)": lambda xa, x, g, a, e: (
        x + _project(_step(xa, g, a) - x, e)
    ),
    "project first, then clip to [0, 1] (clipping first, then scaling delta, can leave valid pixels)": (
        _pgd_clip_then_project
    ),
}


def _check_09_2(answer: Any) -> str | None:
    if callable(answer):  # a zero gradient must move nothing, and must not give nan
        x_adv, x, gradient, alpha, epsilon = _PGD_CASES[-1]
        got = run_code(answer, _PGD_CASES[-1])
        if got is not None and np.shape(got) == x.shape and not np.all(np.isfinite(np.asarray(got, dtype=float))):
            raise Wrong(
                "your result has nan or inf where an example's gradient is all zeros: divide by "
                "max(||g||, 1e-12), so that a zero gradient moves nothing"
            )
    return check_function(
        answer,
        pgd_l2_step,
        _PGD_CASES,
        variants=_PGD_VARIANTS,
        advice="for each example: z = x_adv + alpha * g / ||g||, delta = z - x scaled by "
        "min(1, epsilon / ||delta||), then clip(x + delta, 0, 1)",
        rtol=1e-5,
        atol=1e-7,
    )


register(
    "09.2",
    reference=pgd_l2_step,
    kind="code",
    right=[_pgd_with_loops],
    wrongs=[_pgd_batch_norm, _pgd_always_rescale, lambda xa, x, g, a, e: pgd_l2_step(xa, x, -g, a, e)],
    solution=(
        "def pgd_l2_step(x_adv, x, gradient, alpha, epsilon):\n"
        "    axes = tuple(range(1, x.ndim))                      # every axis of one example\n"
        "    def norm(a):\n"
        "        return np.sqrt(np.sum(a**2, axis=axes, keepdims=True))   # shape (n, 1, 1[, 1])\n"
        "    z = x_adv + alpha * gradient / np.maximum(norm(gradient), 1e-12)   # 1. step up the loss\n"
        "    delta = z - x                                                      # 2. project onto the ball\n"
        "    delta = delta * np.minimum(1.0, epsilon / np.maximum(norm(delta), 1e-12))\n"
        "    return np.clip(x + delta, 0.0, 1.0)                                # 3. valid pixels\n"
        "keepdims=True keeps one norm per example in a shape that broadcasts over its pixels. In TensorFlow,\n"
        "step 2 is tf.clip_by_norm(delta, epsilon, axes=[1, 2, 3]). The L2 step moves every pixel a little,\n"
        "in proportion to its gradient; the L-infinity step (the lesson's PGD) moves every pixel by the same\n"
        "alpha, only in the gradient's sign."
    ),
)(_check_09_2)


# ---------------------------------------------------------------- 09.3: temperature and accuracy

register_prediction(
    "09.3",
    options={
        "a": "the accuracy goes up: the model is better calibrated",
        "b": "the accuracy stays exactly the same",
        "c": "the accuracy goes down a little: the softer probabilities lose information",
    },
    answer="b",
    why=(
        "dividing every logit of an input by the same T > 0 keeps their order, so the largest stays the largest: "
        "the predicted class of every input, hence the accuracy, is unchanged. Only the confidences move; that "
        "is why temperature scaling can fix calibration for free, and also why it cannot fix anything else."
    ),
)


# ---------------------------------------------------------------- 09.4: ECE with equal-mass bins


def _ece_cases() -> list[tuple[np.ndarray, np.ndarray, int]]:
    """Hidden inputs: over- and under-confident predictions, many near 1 as for an accurate model;
    the number of predictions is a multiple of the number of bins, so that every way of cutting
    them into equal groups gives the same bins. Confidences have no ties. The first case tells
    every slip in the hints apart."""
    rng = np.random.default_rng(904)
    cases = []
    for n, n_bins, low, bias in [(60, 5, 0.3, 0.15), (100, 10, 0.1, -0.1), (48, 4, 0.5, 0.05), (90, 3, 0.85, 0.1)]:
        confidences = rng.uniform(low, 1.0, size=n) ** 0.5
        correct = rng.random(n) < np.clip(confidences - bias, 0, 1)
        cases.append((confidences, correct, n_bins))
    return cases


_ECE_CASES = _ece_cases()


def _ece_with_loop(confidences: Any, correct: Any, n_bins: int) -> float:
    """Another right answer: sort once, then walk through the bins by index."""
    order = np.argsort(confidences)
    c, r = np.asarray(confidences, float)[order], np.asarray(correct, float)[order]
    size = len(c) // n_bins
    gaps = [abs(r[b * size : (b + 1) * size].mean() - c[b * size : (b + 1) * size].mean()) for b in range(n_bins)]
    return float(np.mean(gaps))


def _ece_unsorted(confidences: Any, correct: Any, n_bins: int) -> float:
    c, r = np.asarray(confidences, float), np.asarray(correct, float)
    return float(
        sum(len(g) / len(c) * abs(r[g].mean() - c[g].mean()) for g in np.array_split(np.arange(len(c)), n_bins))
    )


def _ece_signed(confidences: Any, correct: Any, n_bins: int) -> float:
    order = np.argsort(confidences)
    c, r = np.asarray(confidences, float), np.asarray(correct, float)
    return float(sum(len(g) / len(c) * (r[g].mean() - c[g].mean()) for g in np.array_split(order, n_bins)))


def _ece_max(confidences: Any, correct: Any, n_bins: int) -> float:
    order = np.argsort(confidences)
    c, r = np.asarray(confidences, float), np.asarray(correct, float)
    return float(max(abs(r[g].mean() - c[g].mean()) for g in np.array_split(order, n_bins)))


def _ece_squared(confidences: Any, correct: Any, n_bins: int) -> float:
    order = np.argsort(confidences)
    c, r = np.asarray(confidences, float), np.asarray(correct, float)
    return float(sum(len(g) / len(c) * (r[g].mean() - c[g].mean()) ** 2 for g in np.array_split(order, n_bins)))


def _ece_per_example(confidences: Any, correct: Any, n_bins: int) -> float:
    c, r = np.asarray(confidences, float), np.asarray(correct, float)
    return float(np.mean(np.abs(r - c)))


_ECE_VARIANTS = {
    "that is the equal-width ECE of the lesson (bins (0, 1/n_bins], ...); here every bin holds the same number "
    "of predictions: sort them by confidence and cut the sorted list into n_bins groups": (
        lambda c, r, n: expected_calibration_error(c, r, n)
    ),
    "sort the predictions by confidence before cutting them into groups: a bin gathers predictions of "
    "similar confidence (np.argsort(confidences))": _ece_unsorted,
    "take the absolute gap |accuracy - confidence| in each bin: signed gaps of over- and under-confident "
    "bins cancel out": _ece_signed,
    "that is the largest gap (the maximum calibration error); the ECE averages the gaps, weighted by the "
    "share of predictions in each bin": _ece_max,
    "the gaps are not squared: sum of (n_b / n) * |accuracy_b - confidence_b|": _ece_squared,
    "you compared each prediction with its own 0/1 correctness; first average within a bin (its accuracy and "
    "its mean confidence), then take the gap": _ece_per_example,
}


def _check_09_4(answer: Any) -> str | None:
    return check_function(
        answer,
        equal_mass_ece,
        _ECE_CASES,
        variants=_ECE_VARIANTS,
        advice="order = np.argsort(confidences); for each group in np.array_split(order, n_bins): "
        "add len(group) / n * |mean(correct[group]) - mean(confidences[group])|",
        rtol=1e-6,
        atol=1e-9,
    )


register(
    "09.4",
    reference=equal_mass_ece,
    kind="code",
    right=[_ece_with_loop],
    wrongs=[_ece_signed, _ece_unsorted, lambda c, r, n: expected_calibration_error(c, r, n)],
    solution=(
        "def equal_mass_ece(confidences, correct, n_bins):\n"
        "    order = np.argsort(confidences)                  # predictions from least to most confident\n"
        "    n, ece = len(confidences), 0.0\n"
        "    for group in np.array_split(order, n_bins):      # n_bins groups of (nearly) equal size\n"
        "        accuracy = np.mean(correct[group])\n"
        "        confidence = np.mean(confidences[group])\n"
        "        ece += len(group) / n * abs(accuracy - confidence)\n"
        "    return ece\n"
        "With equal-width bins, a 99%-accurate model puts almost every prediction in the top bin, and the ECE\n"
        "says little about how the confidences are ordered inside it. Equal-mass bins spend their resolution\n"
        "where the predictions are (Nixon et al. 2019 call this the adaptive calibration error)."
    ),
)(_check_09_4)


# ---------------------------------------------------------------- 09.5: the ensemble's mutual information


def _mi_cases() -> list[tuple[np.ndarray]]:
    """Hidden inputs: 2 to 5 members, 1 to 6 inputs, 2 to 10 classes; softmax outputs, plus one
    case with one-hot predictions (0 log 0 must count as 0) where the members agree on some inputs
    and disagree on others. The first case tells every slip in the hints apart."""
    rng = np.random.default_rng(905)
    cases = []
    for members, inputs, classes, scale in [(3, 4, 5, 2.0), (5, 6, 10, 4.0), (2, 1, 2, 1.0), (4, 3, 8, 0.5)]:
        logits = rng.normal(size=(members, inputs, classes)) * scale
        p = np.exp(logits - logits.max(axis=-1, keepdims=True))
        cases.append((p / p.sum(axis=-1, keepdims=True),))
    one_hot = np.eye(4)[np.array([[0, 1, 2], [0, 1, 3], [0, 2, 2]])]  # (3 members, 3 inputs, 4 classes)
    cases.append((one_hot,))
    return cases


_MI_CASES = _mi_cases()


def _mi_with_loops(member_probs: Any) -> np.ndarray:
    """Another right answer: one input at a time, logs guarded with a small constant."""
    p = np.asarray(member_probs, dtype=float)
    out = np.zeros(p.shape[1])
    for i in range(p.shape[1]):
        mean = p[:, i].mean(axis=0)
        total = -np.sum(mean * np.log(mean + 1e-300))
        each = -np.sum(p[:, i] * np.log(p[:, i] + 1e-300), axis=-1)
        out[i] = total - each.mean()
    return out


_MI_VARIANTS = {
    "that is in bits (log base 2); use the natural logarithm, np.log, for nats": lambda p: (
        mutual_information(p) / np.log(2)
    ),
    "that is the entropy of the mean prediction, the total uncertainty; subtract the members' mean entropy": (
        lambda p: entropy(np.asarray(p).mean(axis=0))
    ),
    "that is the members' mean entropy (what each member is unsure of); the mutual information is the entropy "
    "of the mean minus this": lambda p: entropy(np.asarray(p)).mean(axis=0),
    "the sign is flipped: entropy of the mean minus the mean of the entropies (it is never negative)": lambda p: (
        -mutual_information(p)
    ),
}


def _check_09_5(answer: Any) -> str | None:
    if callable(answer):
        got = run_code(answer, _MI_CASES[-1])
        if got is not None:
            try:
                values = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                values = None
            if values is not None and values.shape == (3,) and not np.all(np.isfinite(values)):
                raise Wrong(
                    "your result has nan for one-hot predictions: 0 * log(0) must count as 0 (np.log(0) is -inf); "
                    "use np.log(p + 1e-12), or np.where(p > 0, p * np.log(p), 0)"
                )
    return check_function(
        answer,
        mutual_information,
        _MI_CASES,
        variants=_MI_VARIANTS,
        advice="H(mean over members of p) - mean over members of H(p), with H(p) = -sum over classes of p log p",
        rtol=1e-6,
        atol=1e-8,
    )


register(
    "09.5",
    reference=mutual_information,
    kind="code",
    right=[_mi_with_loops],
    wrongs=list(_MI_VARIANTS.values())[:3],
    solution=(
        "def mutual_information(member_probs):\n"
        "    def H(p):                                        # entropy over the last axis, in nats\n"
        "        return -np.sum(p * np.log(p + 1e-12), axis=-1)\n"
        "    mean = member_probs.mean(axis=0)                 # the ensemble's prediction, (inputs, classes)\n"
        "    return H(mean) - H(member_probs).mean(axis=0)    # total minus what the members expect\n"
        "The total uncertainty, H(mean), splits into the members' average entropy (each member is unsure: noise\n"
        "or ambiguity in the input, which more data would not remove) and the mutual information (the members\n"
        "disagree: the model does not know, which is what an input unlike the training data should cause)."
    ),
)(_check_09_5)
