"""Exercises of lesson 01 (the perceptron), in the order the notebook shows them.

* 01.1 (value): the output of one sigmoid neuron, ``sigmoid(w . x + b)``, to 3 decimals.
* 01.2 (code): the perceptron learning rule, ``perceptron_update(w, b, x, y, eta)``, run on hidden
  examples (misclassified either way, classified right, ``z`` exactly 0, several lengths).
* 01.3 (predict): the pixel perceptron trained with eta = 1 and with eta = 0.01: which one reaches
  an epoch without mistakes first?
* 01.4 (value): weights that let a single perceptron compute XOR once it also sees x1 * x2.
* 01.5 (code): the forward pass of a radial basis function (RBF) layer, ``rbf_features(X, centres, widths)``.

Expected values are computed here from the formulas, never typed in; the numbers a prompt shows
live in ``data`` and the notebook reads them with ``check.given``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import Wrong, as_array, as_number, check_function, check_value, register, register_prediction

# ---------------------------------------------------------------- the formulas the checkers rest on


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


def perceptron_update(w: Any, b: float, x: Any, y: int, eta: float) -> tuple[np.ndarray, float]:
    """One step of Rosenblatt's rule: ``w += eta (y - y_hat) x``, ``b += eta (y - y_hat)``.

    Labels ``y`` and predictions ``y_hat = step(w . x + b)`` are 0 or 1; an example the perceptron
    already gets right changes nothing.

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


def xor_features(inputs: Any) -> np.ndarray:
    """Extend each input (x1, x2) with their product: (x1, x2, x1 * x2).

    Example:
        >>> xor_features(XOR_INPUTS)[:, 2].tolist()
        [0.0, 0.0, 0.0, 1.0]
    """
    inputs = np.asarray(inputs, dtype=float)
    if inputs.ndim != 2 or inputs.shape[1] != 2:
        raise ValueError(f"expected inputs of shape (n, 2), got {inputs.shape}")
    return np.c_[inputs, inputs[:, 0] * inputs[:, 1]]


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


# ---------------------------------------------------------------- 01.1: one sigmoid neuron, by hand

NEURON = {"x": [2.0, 1.0, 0.5], "w": [0.5, -1.0, 2.0], "b": -0.5}
_X1, _W1, _B1 = np.array(NEURON["x"]), np.array(NEURON["w"]), NEURON["b"]
_Z_01_1 = float(_W1 @ _X1 + _B1)
_ANSWER_01_1 = float(sigmoid(_Z_01_1))
_HINTS_01_1 = [
    (_Z_01_1, "that is the weighted sum z = w . x + b; now pass it through the sigmoid, 1 / (1 + exp(-z))"),
    (float(step(_Z_01_1)), "that is step(z); this neuron uses the sigmoid, 1 / (1 + exp(-z))"),
    (float(sigmoid(_W1 @ _X1)), "close: add the bias b = -0.5 to the weighted sum before the sigmoid"),
    (
        float(sigmoid(-_Z_01_1)),
        "the sign is flipped: sigmoid(z) = 1 / (1 + exp(-z)), with a minus sign in the exponent",
    ),
    (round(_ANSWER_01_1, 2), "close: the prompt asks for 3 decimals; compute sigmoid(z) a little more precisely"),
]


@register(
    "01.1",
    reference=_ANSWER_01_1,
    kind="value",
    right=[round(_ANSWER_01_1, 3), round(_ANSWER_01_1, 4), np.float32(_ANSWER_01_1), np.array([_ANSWER_01_1])],
    wrongs=[_Z_01_1, 1, float(sigmoid(_W1 @ _X1)), round(_ANSWER_01_1, 2)],
    data=NEURON,
    solution=(
        "z = w . x + b = 0.5*2.0 + (-1.0)*1.0 + 2.0*0.5 + (-0.5)\n"
        "  = 1.0 - 1.0 + 1.0 - 0.5 = 0.5\n"
        f"sigmoid(0.5) = 1 / (1 + exp(-0.5)) = {_ANSWER_01_1:.5f}, so 0.622 to 3 decimals.\n"
        "In code: answer = sigmoid(w_ex @ x_ex + b_ex)"
    ),
)
def _check_01_1(answer: Any) -> str | None:
    return check_value(answer, _ANSWER_01_1, 3, hints=_HINTS_01_1, what="neuron's output")


# ---------------------------------------------------------------- 01.2: the perceptron update rule, as code

# The example the prompt works through; the hidden cases below are the real check.
UPDATE_EXAMPLE = {"w": [0.5, -0.5], "b": 0.0, "x": [1.0, 2.0], "y": 1, "eta": 0.5}


def _update_cases() -> list[tuple[np.ndarray, float, np.ndarray, int, float]]:
    """Hidden examples: misclassified either way, classified right either way, z exactly 0 (where
    step(0) = 1), one input, 784 inputs. Learning rates other than 1 come first, so that a
    forgotten eta shows."""
    rng = np.random.default_rng(101)
    cases = []

    def example(d: int, want_z_positive: bool, y: int, eta: float, b: float) -> None:
        while True:
            w, x = rng.normal(size=d), rng.normal(size=d)
            z = w @ x + b
            if abs(z) > 0.1 and (z > 0) == want_z_positive:
                cases.append((w, b, x, y, eta))
                return

    example(3, want_z_positive=False, y=1, eta=0.5, b=0.3)  # said 0, should be 1
    example(4, want_z_positive=True, y=0, eta=0.25, b=-0.2)  # said 1, should be 0
    example(5, want_z_positive=True, y=1, eta=0.5, b=0.1)  # right: nothing changes
    example(2, want_z_positive=False, y=0, eta=2.0, b=-0.4)  # right: nothing changes
    cases.append((np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 0, 0.5))  # z = 0 says 1: wrong here
    cases.append((np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 1, 0.5))  # z = 0 says 1: right here
    example(1, want_z_positive=False, y=1, eta=0.1, b=0.0)
    pixels = rng.uniform(0, 1, size=784)
    cases.append((rng.normal(0, 0.01, size=784), -1.0, pixels, 1, 1.0))  # z < 0 (checked in the tests)
    return cases


_UPDATE_CASES = _update_cases()


def _update_with(error_of: Any, scale: bool = True, bias: bool = True) -> Any:
    """A version of the rule with a typical slip, for the hints."""

    def update(w: Any, b: float, x: Any, y: int, eta: float) -> tuple[np.ndarray, float]:
        w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
        error = error_of(float(w @ x + b), y)
        rate = eta if scale else 1.0
        return w + rate * error * x, float(b + rate * error) if bias else b

    return update


_UPDATE_VARIANTS = {
    "the update has the wrong sign: the error is y - y_hat (label minus prediction), so a 1 predicted as 0 "
    "gets eta * x added": _update_with(lambda z, y: int(z >= 0) - y),
    "multiply the change by the learning rate eta: w + eta * (y - y_hat) * x": _update_with(
        lambda z, y: y - int(z >= 0), scale=False
    ),
    "w is right; update the bias too, b + eta * (y - y_hat) (the bias is a weight whose input is always 1)": (
        _update_with(lambda z, y: y - int(z >= 0), bias=False)
    ),
    "at z = 0 exactly the perceptron says 1: y_hat = step(z) with step(0) = 1, as predict does (z >= 0)": _update_with(
        lambda z, y: y - int(z > 0)
    ),
    "an example the perceptron already gets right must change nothing: the change is eta * (y - y_hat) * x, "
    "and y - y_hat is 0 when the prediction is right": _update_with(lambda z, y: 2 * y - 1),
    "use the prediction y_hat = step(z), 0 or 1, not z itself: the error y - y_hat is 0, +1 or -1": _update_with(
        lambda z, y: y - z
    ),
    "the perceptron's prediction is step(z), 0 or 1, not sigmoid(z)": _update_with(lambda z, y: y - float(sigmoid(z))),
}


def _update_by_cases(w: Any, b: float, x: Any, y: int, eta: float) -> tuple[list[float], float]:
    """Another right answer: the three cases of the rule spelled out, with a Python loop."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    y_hat = 1 if z >= 0 else 0
    if y_hat == y:
        return list(w), b
    sign = 1 if y == 1 else -1
    return [wi + eta * sign * xi for wi, xi in zip(w, x)], b + eta * sign


def _check_01_2(answer: Any) -> str | None:
    return check_function(
        answer,
        perceptron_update,
        _UPDATE_CASES,
        variants=_UPDATE_VARIANTS,
        outputs=("w", "b"),
        advice="compute y_hat = 1 if w @ x + b >= 0 else 0, then w + eta * (y - y_hat) * x and b + eta * (y - y_hat)",
    )


register(
    "01.2",
    reference=perceptron_update,
    kind="code",
    right=[_update_by_cases],
    wrongs=list(_UPDATE_VARIANTS.values())[:3],
    data={"example": UPDATE_EXAMPLE, "result": perceptron_update(**UPDATE_EXAMPLE)},
    solution=(
        "def perceptron_update(w, b, x, y, eta):\n"
        "    y_hat = 1 if w @ x + b >= 0 else 0  # the perceptron's prediction (step(0) = 1)\n"
        "    error = y - y_hat                    # 0 if right, +1 or -1 if wrong\n"
        "    return w + eta * error * x, b + eta * error\n"
        "An example it already gets right gives error = 0: nothing changes. A mistake moves w by eta * x,\n"
        "towards the example for a missed one (error +1), away from it for a false one (error -1), and z for\n"
        "that example moves by eta * (||x||^2 + 1) in the right direction. On the prompt's example:\n"
        "z = 0.5*1 - 0.5*2 + 0 = -0.5 < 0, so y_hat = 0, error = +1, w = [1.0, 0.5], b = 0.5."
    ),
)(_check_01_2)


# ---------------------------------------------------------------- 01.3: predict, then run: does eta matter?

register_prediction(
    "01.3",
    options={
        "a": "eta = 1 gets there in fewer epochs: bigger steps",
        "b": "eta = 0.01 gets there in fewer epochs: smaller, more careful steps",
        "c": "neither: both runs make exactly the same mistakes, epoch by epoch",
    },
    answer="c",
    why=(
        "both runs start from w = 0, b = 0, and every update adds or subtracts eta * (x, 1). So after any "
        "sequence of mistakes, (w, b) with eta = 0.01 is exactly 0.01 times (w, b) with eta = 1: every z is "
        "scaled by 0.01 > 0, its sign never changes, and neither does any prediction or mistake. From a zero "
        "start the perceptron's learning rate only sets the scale of the weights, which the step ignores. It "
        "matters when the start is not zero, and for gradient descent on a smooth loss (lesson 02)."
    ),
)


# ---------------------------------------------------------------- 01.4: XOR with a product feature

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0, 1, 1, 0])


def _check_01_4(answer: Any) -> str | None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong("expected a pair ([w1, w2, w3], b): three weights, then the bias")
    w = as_array(answer[0], shape=(3,), what="weights [w1, w2, w3] (one per feature x1, x2, x1*x2)")
    b = as_number(answer[1], what="bias b")
    outputs = step(xor_features(XOR_INPUTS) @ w + b)
    if np.array_equal(outputs, XOR_TARGETS):
        return None
    table = ", ".join(f"{int(a)}{int(c)}->{o}" for (a, c), o in zip(XOR_INPUTS, outputs))
    if np.array_equal(outputs, [0, 1, 1, 1]):
        return f"your perceptron computes OR ({table}): now use w3, the weight of x1*x2, to pull the corner (1, 1) down"
    return f"your perceptron computes {table}; XOR needs 00->0, 01->1, 10->1, 11->0"


register(
    "01.4",
    reference=([1.0, 1.0, -2.0], -0.5),
    kind="value",
    right=[([2.0, 2.0, -5.0], -1.0), (np.array([1, 1, -2]), np.float64(-0.5)), [[1, 1, -3], -0.5]],
    wrongs=[([1.0, 1.0, 0.0], -0.5), ([1.0, 1.0, 0.0], -1.5), ([1.0, 1.0], -0.5)],
    data={"inputs": XOR_INPUTS.tolist(), "targets": XOR_TARGETS.tolist()},
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
)(_check_01_4)


# ---------------------------------------------------------------- 01.5: the RBF layer's forward pass, as code


def _rbf_hidden_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fixed random test inputs of several shapes (never n == M, so that a transposed answer shows);
    widths away from 1 so that sigma, sigma^2 and 2 sigma^2 give different answers."""
    rng = np.random.default_rng(2024)
    cases = []
    for n, d, m in [(6, 2, 3), (5, 3, 4), (1, 4, 1), (8, 1, 5), (7, 5, 2)]:
        X = rng.normal(size=(n, d))
        centres = rng.normal(size=(m, d))
        widths = rng.uniform(0.6, 2.5, size=m)
        cases.append((X, centres, widths))
    return cases


_RBF_CASES = _rbf_hidden_cases()


def _squared_distances(X: Any, centres: Any) -> np.ndarray:
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    return np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=-1)


_RBF_VARIANTS = {
    "you used the distance ||x - c||; the formula uses the squared distance ||x - c||^2": lambda X, C, s: np.exp(
        -np.sqrt(_squared_distances(X, C)) / (2 * s**2)
    ),
    "the factor 2 is missing: divide the squared distance by 2 sigma^2, not sigma^2": lambda X, C, s: np.exp(
        -_squared_distances(X, C) / s**2
    ),
    "divide by 2 sigma^2 (the width squared), not by 2 sigma": lambda X, C, s: np.exp(
        -_squared_distances(X, C) / (2 * s)
    ),
    "the minus sign is missing: the activation must fall from 1 at the centre towards 0 far away": lambda X, C, s: (
        np.exp(_squared_distances(X, C) / (2 * s**2))
    ),
    "that is the squared distance itself; pass it through exp(-d^2 / (2 sigma^2))": lambda X, C, s: _squared_distances(
        X, C
    ),
    "that is the distance ||x - c||; square it, then pass it through exp(-d^2 / (2 sigma^2))": lambda X, C, s: np.sqrt(
        _squared_distances(X, C)
    ),
}


def _rbf_with_loops(X: Any, centres: Any, widths: Any) -> np.ndarray:
    """Another right answer: the two loops written out."""
    phi = np.zeros((len(X), len(centres)))
    for i, x in enumerate(X):
        for j, (c, s) in enumerate(zip(centres, widths)):
            phi[i, j] = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
    return phi


def _check_01_5(answer: Any) -> str | None:
    return check_function(
        answer,
        rbf_features,
        _RBF_CASES,
        variants=_RBF_VARIANTS,
        advice="compute ||x_i - c_j||^2 for every pair (broadcast X[:, None, :] - centres[None, :, :] and sum the "
        "last axis), then exp(-d2 / (2 widths**2))",
    )


register(
    "01.5",
    reference=rbf_features,
    kind="code",
    right=[_rbf_with_loops],
    wrongs=list(_RBF_VARIANTS.values())[:3],
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
)(_check_01_5)
