"""Exercises of lesson 01 (the perceptron).

* 01.1: the output of one sigmoid neuron, ``sigmoid(w . x + b)``, for given numbers.
* 01.2: one step of the perceptron learning rule on a misclassified example.
* 01.3: weights that let a single perceptron compute XOR once it also sees the product x1 * x2.
* 01.4: code: the forward pass of a radial basis function (RBF) layer, ``rbf_features(X, centres, widths)``,
  checked on hidden random inputs of several shapes.

Expected values are computed here from the formulas, not typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import close_to, register

# The numbers the notebook's prompts show (the notebook repeats them in the exercise cells).
NEURON_X = np.array([2.0, 1.0, 0.5])
NEURON_W = np.array([0.5, -1.0, 2.0])
NEURON_B = -0.5

UPDATE_W = np.array([0.5, -0.5])
UPDATE_B = 0.0
UPDATE_X = np.array([1.0, 2.0])
UPDATE_Y = 1
UPDATE_ETA = 0.5

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0, 1, 1, 0])


def sigmoid(z: Any) -> np.ndarray:
    """The logistic sigmoid, 1 / (1 + exp(-z)).

    Example:
        >>> float(sigmoid(0.0))
        0.5
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def step(z: Any) -> np.ndarray:
    """The perceptron's step activation: 1 where z >= 0, else 0.

    Example:
        >>> step(np.array([-1.0, 0.0, 2.0])).tolist()
        [0, 1, 1]
    """
    return (np.asarray(z, dtype=float) >= 0).astype(int)


def perceptron_update(w: np.ndarray, b: float, x: np.ndarray, y: int, eta: float) -> tuple[np.ndarray, float]:
    """One step of Rosenblatt's rule: ``w += eta (y - y_hat) x``, ``b += eta (y - y_hat)``.

    Labels ``y`` and predictions ``y_hat = step(w . x + b)`` are 0 or 1.

    Example:
        >>> w, b = perceptron_update(np.array([0.5, -0.5]), 0.0, np.array([1.0, 2.0]), 1, 0.5)
        >>> w.tolist(), b
        ([1.0, 0.5], 0.5)
    """
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    if w.shape != x.shape or w.ndim != 1:
        raise ValueError(f"w and x must be vectors of the same length, got shapes {w.shape} and {x.shape}")
    if y not in (0, 1):
        raise ValueError(f"the label y must be 0 or 1, got {y!r}")
    error = y - int(step(w @ x + b))
    return w + eta * error * x, float(b + eta * error)


# ---------------------------------------------------------------- 01.1: one sigmoid neuron

_Z_01_1 = float(NEURON_W @ NEURON_X + NEURON_B)
_ANSWER_01_1 = float(sigmoid(_Z_01_1))


def _check_01_1(answer: Any) -> str | None:
    try:
        value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return f"expected one number (the neuron's output), got {type(answer).__name__}"
    if np.isclose(value, _ANSWER_01_1, atol=1e-4):
        return None
    if np.isclose(value, _Z_01_1, atol=1e-4):
        return "that is the weighted sum z = w . x + b; now pass it through the sigmoid"
    if np.isclose(value, float(step(_Z_01_1)), atol=1e-4):
        return "that is step(z); this neuron uses the sigmoid, 1 / (1 + exp(-z))"
    if np.isclose(value, float(sigmoid(NEURON_W @ NEURON_X)), atol=1e-4):
        return "close: did you add the bias b = -0.5 to the weighted sum?"
    return "compute z = w1*x1 + w2*x2 + w3*x3 + b first, then sigmoid(z) = 1 / (1 + exp(-z))"


register(
    "01.1",
    reference=_ANSWER_01_1,
    wrong=_Z_01_1,
    solution=(
        "z = w . x + b = 0.5*2.0 + (-1.0)*1.0 + 2.0*0.5 + (-0.5)\n"
        "  = 1.0 - 1.0 + 1.0 - 0.5 = 0.5\n"
        f"sigmoid(0.5) = 1 / (1 + exp(-0.5)) = {_ANSWER_01_1:.4f}\n"
        "In code: answer = sigmoid(w_ex @ x_ex + b_ex)"
    ),
)(_check_01_1)


# ---------------------------------------------------------------- 01.2: one perceptron update

_W_01_2, _B_01_2 = perceptron_update(UPDATE_W, UPDATE_B, UPDATE_X, UPDATE_Y, UPDATE_ETA)
_ANSWER_01_2 = np.append(_W_01_2, _B_01_2)  # [w1, w2, b] after the update


def _check_01_2(answer: Any) -> str | None:
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected three numbers [w1, w2, b], got {type(answer).__name__}"
    if got.shape != (3,):
        return f"expected three numbers [w1, w2, b] after the update, got shape {got.shape}"
    before = np.append(UPDATE_W, UPDATE_B)
    if np.allclose(got, before):
        return "the perceptron gets this example wrong (z = -0.5, so y_hat = 0 but y = 1): the weights must change"
    if np.allclose(got, 2 * before - _ANSWER_01_2):
        return "right size, wrong direction: the error y - y_hat is +1 here, so add eta * x"
    if np.allclose(got[:2], _ANSWER_01_2[:2]) and not np.isclose(got[2], _ANSWER_01_2[2]):
        return "the weights are right; the bias is updated too, b <- b + eta * (y - y_hat)"
    unscaled = np.append(UPDATE_W + (UPDATE_Y - 0) * UPDATE_X, UPDATE_B + (UPDATE_Y - 0))
    if np.allclose(got, unscaled):
        return "remember to multiply the change by the learning rate eta = 0.5"
    return close_to(_ANSWER_01_2, got, what="[w1, w2, b] after the update")


register(
    "01.2",
    reference=_ANSWER_01_2.tolist(),
    wrong=np.append(UPDATE_W, UPDATE_B).tolist(),
    solution=(
        "z = w . x + b = 0.5*1.0 + (-0.5)*2.0 + 0.0 = -0.5 < 0, so y_hat = 0.\n"
        "The label is y = 1, so the error y - y_hat = +1 and the rule adds eta * x:\n"
        "  w <- [0.5, -0.5] + 0.5 * [1.0, 2.0] = [1.0, 0.5]\n"
        "  b <- 0.0 + 0.5 * 1 = 0.5\n"
        "answer = [1.0, 0.5, 0.5]. Check: the new z = 1.0 + 1.0 + 0.5 = 2.5 >= 0, now right.\n"
        "z rose by eta * (|x|^2 + 1) = 0.5 * (5 + 1) = 3: an update always pushes z the right way."
    ),
)(_check_01_2)


# ---------------------------------------------------------------- 01.3: XOR with a product feature


def xor_features(inputs: np.ndarray) -> np.ndarray:
    """Extend each input (x1, x2) with their product: (x1, x2, x1 * x2).

    Example:
        >>> xor_features(XOR_INPUTS)[:, 2].tolist()
        [0.0, 0.0, 0.0, 1.0]
    """
    inputs = np.asarray(inputs, dtype=float)
    if inputs.ndim != 2 or inputs.shape[1] != 2:
        raise ValueError(f"expected inputs of shape (n, 2), got {inputs.shape}")
    return np.c_[inputs, inputs[:, 0] * inputs[:, 1]]


def _check_01_3(answer: Any) -> str | None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected a pair (w, b): w a list of three weights, b a number"
    try:
        w = np.asarray(answer[0], dtype=float)
        b = float(np.asarray(answer[1], dtype=float).reshape(()))
    except (TypeError, ValueError):
        return "expected a pair (w, b): w a list of three weights, b a number"
    if w.shape != (3,):
        return f"w needs one weight per feature (x1, x2, x1*x2), so three numbers; yours has shape {w.shape}"
    outputs = step(xor_features(XOR_INPUTS) @ w + b)
    if np.array_equal(outputs, XOR_TARGETS):
        return None
    table = ", ".join(f"{int(a)}{int(c)}->{o}" for (a, c), o in zip(XOR_INPUTS, outputs))
    return f"your perceptron computes {table}; XOR needs 00->0, 01->1, 10->1, 11->0"


register(
    "01.3",
    reference=([1.0, 1.0, -2.0], -0.5),
    wrong=([1.0, 1.0, 0.0], -0.5),
    solution=(
        "Write the four conditions, with z = w1*x1 + w2*x2 + w3*(x1*x2) + b:\n"
        "  (0,0) -> 0:  b < 0\n"
        "  (0,1) -> 1:  w2 + b >= 0\n"
        "  (1,0) -> 1:  w1 + b >= 0\n"
        "  (1,1) -> 0:  w1 + w2 + w3 + b < 0\n"
        "Take b = -0.5 and w1 = w2 = 1 (the OR gate); the product feature is 1 only at (1,1),\n"
        "so a weight w3 = -2 pulls that corner back down: 1 + 1 - 2 - 0.5 = -0.5 < 0.\n"
        "answer = ([1.0, 1.0, -2.0], -0.5). Without x1*x2 no (w1, w2, b) works; a hidden layer\n"
        "(lesson 02) learns helpful features like this one by itself."
    ),
)(_check_01_3)


# ---------------------------------------------------------------- 01.4: the RBF layer's forward pass


def rbf_features(X: Any, centres: Any, widths: Any) -> np.ndarray:
    """Gaussian RBF activations: ``phi[i, j] = exp(-||X[i] - centres[j]||^2 / (2 widths[j]^2))``.

    Args:
        X: inputs, shape (n, d); centres: shape (M, d); widths: M positive numbers.

    Returns:
        An (n, M) array: one row per input, one column per centre.

    Example:
        >>> rbf_features(np.zeros((1, 2)), np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0])).round(3).tolist()
        [[1.0, 0.368]]
    """
    X, centres, widths = (np.asarray(a, dtype=float) for a in (X, centres, widths))
    if X.ndim != 2 or centres.ndim != 2 or X.shape[1] != centres.shape[1]:
        raise ValueError(f"expected X of shape (n, d) and centres of shape (M, d), got {X.shape} and {centres.shape}")
    if widths.shape != (len(centres),) or np.any(widths <= 0):
        raise ValueError(f"expected {len(centres)} positive widths, got shape {widths.shape}")
    squared_distances = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=-1)  # (n, M)
    return np.exp(-squared_distances / (2 * widths**2))


def _rbf_hidden_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fixed random test inputs of several shapes; widths away from 1 so that sigma, sigma^2 and
    2 sigma^2 give different answers."""
    rng = np.random.default_rng(2024)
    cases = []
    for n, d, m in [(6, 2, 3), (5, 3, 4), (1, 4, 1), (8, 1, 5), (7, 5, 2)]:
        X = rng.normal(size=(n, d))
        centres = rng.normal(size=(m, d))
        widths = rng.uniform(0.6, 2.5, size=m)
        cases.append((X, centres, widths))
    return cases


def _rbf_variants(X: np.ndarray, centres: np.ndarray, widths: np.ndarray) -> dict[str, np.ndarray]:
    """Typical wrong answers, each with the hint it deserves."""
    sq = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=-1)
    return {
        "you used the distance ||x - c||; the formula uses the squared distance ||x - c||^2": np.exp(
            -np.sqrt(sq) / (2 * widths**2)
        ),
        "the factor 2 is missing: divide the squared distance by 2 sigma^2, not sigma^2": np.exp(-sq / widths**2),
        "divide by 2 sigma^2 (the width squared), not by 2 sigma": np.exp(-sq / (2 * widths)),
        "the minus sign is missing: the activation must fall from 1 at the centre towards 0 far away": np.exp(
            sq / (2 * widths**2)
        ),
        "that is the squared distance itself; pass it through exp(-d^2 / (2 sigma^2))": sq,
        "that is the distance ||x - c||; square it, then pass it through exp(-d^2 / (2 sigma^2))": np.sqrt(sq),
    }


def _check_01_4(answer: Any) -> str | None:
    if not callable(answer):
        return f"expected a function rbf_features(X, centres, widths), got {type(answer).__name__}"
    for X, centres, widths in _rbf_hidden_cases():
        want = rbf_features(X, centres, widths)
        shape = f"X {X.shape}, centres {centres.shape}, widths {widths.shape}"
        got = answer(X.copy(), centres.copy(), widths.copy())
        if got is None:
            return "your function returns None: replace ... with your code and return the (n, M) array"
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return f"expected an array of numbers, got {type(got).__name__}"
        if got.shape == want.T.shape and got.shape != want.shape:
            return (
                f"for {shape} the result should have shape {want.shape} (one row per input, one column "
                f"per centre); yours is transposed, {got.shape}"
            )
        if got.shape != want.shape:
            return f"for {shape} the result should have shape {want.shape} (n inputs x M centres), not {got.shape}"
        if np.allclose(got, want, rtol=1e-5, atol=1e-8):
            continue
        for hint, variant in _rbf_variants(X, centres, widths).items():
            if variant.shape == want.shape and np.allclose(got, variant, rtol=1e-5, atol=1e-8):
                return hint
        error = float(np.max(np.abs(got - want)))
        return (
            f"for {shape} the values are off by up to {error:.3g}; compute ||x_i - c_j||^2 for every pair "
            "(broadcast X[:, None, :] - centres[None, :, :] and sum the last axis), then exp(-d2 / (2 widths^2))"
        )
    return None


def _wrong_rbf_features(X: Any, centres: Any, widths: Any) -> np.ndarray:
    """A typical mistake, for the tests: the factor 2 forgotten."""
    X, centres, widths = (np.asarray(a, dtype=float) for a in (X, centres, widths))
    return np.exp(-np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=-1) / widths**2)


register(
    "01.4",
    reference=rbf_features,
    wrong=_wrong_rbf_features,
    solution=(
        "def rbf_features(X, centres, widths):\n"
        "    differences = X[:, None, :] - centres[None, :, :]      # (n, M, d): every input minus every centre\n"
        "    squared_distances = np.sum(differences**2, axis=-1)  # (n, M): ||x_i - c_j||^2\n"
        "    return np.exp(-squared_distances / (2 * widths**2))  # widths (M,) broadcast over the columns\n"
        "Broadcasting does the two loops: X[:, None, :] has shape (n, 1, d), centres[None, :, :] has\n"
        "shape (1, M, d), so their difference is (n, M, d). Summing the squares over the last axis gives\n"
        "the squared distances; each column j is then divided by 2 sigma_j^2. A loop version is right too:\n"
        "phi[i, j] = np.exp(-np.sum((X[i] - centres[j])**2) / (2 * widths[j]**2))."
    ),
)(_check_01_4)
