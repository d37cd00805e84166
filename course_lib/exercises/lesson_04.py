"""Exercises of lesson 04 (recurrent networks and LSTMs), in the order the notebook shows them.

* 04.1 (value): how small can the gradient of a one-unit RNN get over 50 steps? To 3 decimals.
* 04.2 (code): one GRU step with Keras's weight layout, ``gru_step(x_t, h, kernel, recurrent_kernel,
  bias)``, run on hidden inputs against :func:`gru_step` (itself checked against Keras in the tests).
* 04.3 (value): the unigram entropy of "to be, or not to be", in bits per character, to 2 decimals.
* 04.4 (code): bits per character from a model's predicted probabilities, ``bits_per_char(probs, targets)``.
* 04.5 (value): a softmax with a temperature, by hand, to 2 decimals.
* 04.6 (predict): which sampling temperature writes the most repetitive text?

Expected values are computed here from the formulas, never typed in; the numbers a prompt shows
live in ``data`` and the notebook reads them with ``check.given``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..check import as_array, as_number, check_function, check_value, near, register, register_prediction

# ---------------------------------------------------------------- the formulas the checkers rest on


def sigmoid(z: Any) -> np.ndarray:
    """The logistic sigmoid, 1 / (1 + exp(-z)).

    Example:
        >>> float(sigmoid(0.0))
        0.5
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def gru_step(x_t: Any, h: Any, kernel: Any, recurrent_kernel: Any, bias: Any) -> np.ndarray:
    """One step of a Keras GRU (``reset_after=True``, the default), for a batch.

    ``kernel`` (d, 3n) and ``recurrent_kernel`` (n, 3n) hold the blocks of the update gate z, the
    reset gate r and the candidate h~ side by side, in that order; ``bias`` (2, 3n) holds the input
    bias b (row 0) and the recurrent bias b' (row 1):

        z = sigmoid(x W_z + h U_z + b_z + b'_z),   r = sigmoid(x W_r + h U_r + b_r + b'_r)
        h~ = tanh(x W_h + b_h + r * (h U_h + b'_h)),   new h = z * h + (1 - z) * h~

    Args:
        x_t: inputs at this step, shape (batch, d). h: the previous state, shape (batch, n).

    Returns:
        The new state, shape (batch, n).

    Example:
        >>> n, d = 2, 3
        >>> gru_step(np.ones((1, d)), np.zeros((1, n)), np.zeros((d, 3 * n)), np.zeros((n, 3 * n)),
        ...          np.zeros((2, 3 * n))).tolist()
        [[0.0, 0.0]]
    """
    x_t, h, kernel, recurrent_kernel, bias = (
        np.asarray(a, dtype=float) for a in (x_t, h, kernel, recurrent_kernel, bias)
    )
    n = h.shape[-1]
    if kernel.shape != (x_t.shape[-1], 3 * n) or recurrent_kernel.shape != (n, 3 * n) or bias.shape != (2, 3 * n):
        raise ValueError(
            f"for x_t {x_t.shape} and h {h.shape}, expected kernel ({x_t.shape[-1]}, {3 * n}), recurrent_kernel "
            f"({n}, {3 * n}) and bias (2, {3 * n}); got {kernel.shape}, {recurrent_kernel.shape}, {bias.shape}"
        )
    x_z, x_r, x_h = np.split(x_t @ kernel + bias[0], 3, axis=-1)
    h_z, h_r, h_h = np.split(h @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    candidate = np.tanh(x_h + r * h_h)
    return z * h + (1 - z) * candidate


def bits_per_char(probs: Any, targets: Any) -> float:
    """Cross-entropy in bits per character: the mean over positions of -log2 probs[..., targets].

    Args:
        probs: predicted next-character probabilities, shape (..., V): one distribution over the
            V characters per position, for example (batch, T, V).
        targets: the ids of the characters that came, shape ``probs.shape[:-1]``.

    Example:
        >>> bits_per_char([[0.5, 0.5], [0.25, 0.75]], [0, 0])
        1.5
    """
    probs, targets = np.asarray(probs, dtype=float), np.asarray(targets)
    if probs.shape[:-1] != targets.shape:
        raise ValueError(
            f"targets should have shape {probs.shape[:-1]} (probs without its last axis), got {targets.shape}"
        )
    p_true = np.take_along_axis(probs, targets[..., None].astype(int), axis=-1)[..., 0]
    return float(-np.mean(np.log2(p_true)))


def unigram_bits_per_char(text: str) -> float:
    """Entropy of the character frequencies of ``text``: -sum_c p(c) log2 p(c).

    Example:
        >>> unigram_bits_per_char("abab")
        1.0
    """
    counts = np.array(list(Counter(text).values()), dtype=float)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


def softmax_with_temperature(logits: Any, temperature: float) -> np.ndarray:
    """Probabilities p_i = exp(z_i / T) / sum_j exp(z_j / T).

    Example:
        >>> softmax_with_temperature([0.0, 0.0], temperature=2.0).tolist()
        [0.5, 0.5]
    """
    z = np.asarray(logits, dtype=float) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def _first_hint(value: Any, hints: list[tuple[float, str]], decimals: int) -> str | None:
    """The hint of the first typical wrong value ``value`` is close to (1% or one unit of the last decimal)."""
    for wrong, hint in hints:
        if np.isclose(value, wrong, rtol=0.01, atol=10.0**-decimals):
            return hint
    return None


# ---------------------------------------------------------------- 04.1: how fast a gradient can vanish

VANISHING = {"u": 0.9, "steps": 50}
_U, _T = VANISHING["u"], VANISHING["steps"]
_BOUND_04_1 = _U**_T
_HINTS_04_1 = [
    (_U * _T, "the chain rule multiplies the factors of the 50 steps; it does not add them"),
    (_U, "that is one step's factor; the 50 steps multiply 50 such factors"),
    (1 / _BOUND_04_1, "that is how many times weaker the signal gets, 1 / u^50; the question asks for the factor u^50"),
    (
        _T * _U ** (_T - 1),
        "that is the derivative of u^50 with respect to u; the question asks for the product of "
        "the 50 factors u * tanh'(a_t) with tanh' = 1",
    ),
]


def _check_04_1(answer: Any) -> str | None:
    value = as_number(answer, what="largest |dh_50 / dh_0|")
    if near(value, _BOUND_04_1, 3):
        return None
    hint = _first_hint(value, _HINTS_04_1, decimals=3)
    if hint:
        return hint
    if abs(value) < 1e-3 / 2:
        return "tiny, but not 0 at 3 decimals: multiply the largest each of the 50 factors u * tanh'(a_t) can be"
    return "dh_50/dh_0 is a product of 50 factors u * tanh'(a_t), and |tanh'| <= 1: how large can it be? (3 decimals)"


register(
    "04.1",
    reference=_BOUND_04_1,
    kind="value",
    right=[0.005, round(_BOUND_04_1, 4), 0.00515, np.float32(_BOUND_04_1)],
    wrongs=[_U * _T, _U, round(1 / _BOUND_04_1), 0.0, str(round(_BOUND_04_1, 3))],
    data=VANISHING,
    solution=(
        "dh_t/dh_{t-1} = tanh'(a_t) * u, and the chain rule multiplies the 50 factors:\n"
        "  dh_50/dh_0 = u^50 * tanh'(a_1) * ... * tanh'(a_50).\n"
        "tanh' is at most 1 (at 0), so |dh_50/dh_0| <= 0.9^50 = 0.00515, about 0.005 to 3 decimals:\n"
        "a signal from 50 steps back reaches the loss at least 194 times weaker than one from the last step.\n"
        "The gradient vanishes geometrically with the distance, whatever the inputs."
    ),
)(_check_04_1)


# ---------------------------------------------------------------- 04.2: one GRU step, as code


def _gru_cases() -> list[tuple[np.ndarray, ...]]:
    """Hidden inputs: (batch, d, n) of several sizes, one example of one unit, a zero state (the
    first step), weights large enough to saturate the gates. The first case tells every slip in the
    hints apart."""
    rng = np.random.default_rng(402)
    cases = []
    for batch, d, n, scale, zero_state in [
        (2, 3, 4, 0.6, False),
        (1, 1, 1, 0.8, False),
        (3, 5, 2, 0.5, False),
        (4, 2, 3, 0.7, True),
        (2, 4, 5, 2.5, False),
    ]:
        x_t = rng.normal(size=(batch, d))
        h = np.zeros((batch, n)) if zero_state else np.tanh(rng.normal(size=(batch, n)))
        kernel = rng.normal(scale=scale, size=(d, 3 * n))
        recurrent_kernel = rng.normal(scale=scale, size=(n, 3 * n))
        bias = rng.normal(scale=0.5, size=(2, 3 * n))
        cases.append((x_t, h, kernel, recurrent_kernel, bias))
    return cases


_GRU_CASES = _gru_cases()


def _gru_by_gates(x_t: Any, h: Any, kernel: Any, recurrent_kernel: Any, bias: Any) -> np.ndarray:
    """Another right answer: each gate's weights sliced out and written as in the equations."""
    n = h.shape[1]
    W_z, W_r, W_h = kernel[:, :n], kernel[:, n : 2 * n], kernel[:, 2 * n :]
    U_z, U_r, U_h = recurrent_kernel[:, :n], recurrent_kernel[:, n : 2 * n], recurrent_kernel[:, 2 * n :]
    b, b_rec = bias[0], bias[1]
    z = 1 / (1 + np.exp(-(x_t @ W_z + b[:n] + h @ U_z + b_rec[:n])))
    r = 1 / (1 + np.exp(-(x_t @ W_r + b[n : 2 * n] + h @ U_r + b_rec[n : 2 * n])))
    h_tilde = np.tanh(x_t @ W_h + b[2 * n :] + r * (h @ U_h + b_rec[2 * n :]))
    return z * h + (1 - z) * h_tilde


def _gru_slip(
    mix_swapped: bool = False,
    reset_before: bool = False,
    candidate: Any = np.tanh,
    gate: Any = sigmoid,
    recurrent_in_candidate: bool = True,
    recurrent_in_gates: bool = True,
    order: str = "zrh",
    recurrent_bias: bool = True,
    reset: bool = True,
) -> Any:
    """A GRU step with one typical slip, for the hints."""

    def step(x_t: Any, h: Any, kernel: Any, recurrent_kernel: Any, bias: Any) -> np.ndarray:
        n = h.shape[1]
        b_rec = bias[1] if recurrent_bias else 0 * bias[1]
        blocks_x = dict(zip(order, np.split(x_t @ kernel + bias[0], 3, axis=-1)))
        blocks_h = dict(zip(order, np.split(h @ recurrent_kernel + b_rec, 3, axis=-1)))
        if not recurrent_in_gates:
            blocks_h["z"] = blocks_h["r"] = b_rec[:n]
        z, r = gate(blocks_x["z"] + blocks_h["z"]), gate(blocks_x["r"] + blocks_h["r"])
        if reset_before:
            recurrent = (r * h) @ recurrent_kernel[:, 2 * n :] + b_rec[2 * n :]
        elif recurrent_in_candidate:
            recurrent = (r if reset else 1.0) * blocks_h["h"]
        else:
            recurrent = 0.0
        h_tilde = candidate(blocks_x["h"] + recurrent)
        return (1 - z) * h + z * h_tilde if mix_swapped else z * h + (1 - z) * h_tilde

    return step


_GRU_VARIANTS = {
    "z and 1 - z are swapped: in Keras's GRU the update gate keeps the OLD state, h_t = z * h_{t-1} + "
    "(1 - z) * h~ (some papers write it the other way round)": _gru_slip(mix_swapped=True),
    "the reset gate multiplies h before the recurrent matrix, (r * h) @ U_h: that is reset_after=False, the "
    "original paper's form. Keras's default multiplies the result: r * (h @ U_h + b'_h)": _gru_slip(reset_before=True),
    "the blocks are stored in the order z, r, h~ (update gate first): you took z and r the other way round": (
        _gru_slip(order="rzh")
    ),
    "the candidate h~ uses tanh (values in -1..1), the gates the sigmoid (0..1); you swapped them": _gru_slip(
        candidate=sigmoid, gate=np.tanh
    ),
    "the candidate h~ uses tanh, not the sigmoid: it is new content, in -1..1, not a gate": _gru_slip(
        candidate=sigmoid
    ),
    "the gates use the sigmoid, so that they lie between 0 and 1": _gru_slip(gate=np.tanh),
    "the candidate is missing the recurrent kernel: h~ = tanh(x W_h + b_h + r * (h @ U_h + b'_h))": _gru_slip(
        recurrent_in_candidate=False
    ),
    "the gates are missing the recurrent kernel: z and r also depend on h_{t-1}, through recurrent_kernel": (
        _gru_slip(recurrent_in_gates=False)
    ),
    "the reset gate r is computed but not used: it multiplies the recurrent part of the candidate, "
    "r * (h @ U_h + b'_h)": _gru_slip(reset=False),
    "add the recurrent bias too: bias[1] (b' in the equations) goes with h @ recurrent_kernel": _gru_slip(
        recurrent_bias=False
    ),
}


def _check_04_2(answer: Any) -> str | None:
    return check_function(
        answer,
        gru_step,
        _GRU_CASES,
        variants=_GRU_VARIANTS,
        advice="split x_t @ kernel + bias[0] and h @ recurrent_kernel + bias[1] into their z, r, h~ blocks "
        "(np.split(..., 3, axis=-1)), then follow the equations",
        rtol=1e-4,
        atol=1e-6,  # float32 arithmetic, as in Keras, is fine
    )


register(
    "04.2",
    reference=gru_step,
    kind="code",
    right=[_gru_by_gates],
    wrongs=list(_GRU_VARIANTS.values())[:4],
    solution=(
        "def gru_step(x_t, h, kernel, recurrent_kernel, bias):\n"
        "    x_z, x_r, x_h = np.split(x_t @ kernel + bias[0], 3, axis=-1)            # input parts\n"
        "    h_z, h_r, h_h = np.split(h @ recurrent_kernel + bias[1], 3, axis=-1)    # recurrent parts\n"
        "    z = sigmoid(x_z + h_z)                 # update gate: how much of the old state to keep\n"
        "    r = sigmoid(x_r + h_r)                 # reset gate: how much of the old state h~ may use\n"
        "    h_tilde = np.tanh(x_h + r * h_h)       # reset_after=True: r multiplies h @ U_h + b'_h\n"
        "    return z * h + (1 - z) * h_tilde\n"
        "Keras stores the blocks side by side in the order z, r, h~, and keeps two bias rows because the\n"
        "reset gate sits between h @ U_h and its bias. With reset_after=False (the original GRU) the\n"
        "candidate would be tanh(x W_h + (r * h) @ U_h + b_h): nearly the same model, other numbers."
    ),
)(_check_04_2)


# ---------------------------------------------------------------- 04.3: the unigram entropy of a short text

UNIGRAM_TEXT = "to be, or not to be"
_BITS_04_3 = unigram_bits_per_char(UNIGRAM_TEXT)
_HINTS_04_3 = [
    (_BITS_04_3 * np.log(2), "that is in nats (natural log); use log base 2 for bits, or divide by ln 2"),
    (_BITS_04_3 * np.log10(2), "that is with log base 10; bits use log base 2"),
    (-_BITS_04_3, "the entropy is -sum p(c) log2 p(c), a positive number: log2 of a probability is negative"),
    (
        unigram_bits_per_char(UNIGRAM_TEXT.replace(" ", "").replace(",", "")),
        "the spaces and the comma are characters too: count them",
    ),
    (
        float(np.log2(len(set(UNIGRAM_TEXT)))),
        "that is log2 of the number of different characters: the entropy if all 8 were equally frequent. "
        "Weight each character by its own frequency p(c)",
    ),
]


def _check_04_3(answer: Any) -> str | None:
    return check_value(answer, _BITS_04_3, 2, hints=_HINTS_04_3, what="entropy in bits per character")


register(
    "04.3",
    reference=_BITS_04_3,
    kind="value",
    right=[round(_BITS_04_3, 2), round(_BITS_04_3, 3), np.float32(_BITS_04_3)],
    wrongs=[round(h[0], 2) for h in _HINTS_04_3[:3]] + [str(round(_BITS_04_3, 2))],
    data={"text": UNIGRAM_TEXT},
    solution=(
        "Count each character, turn the counts into frequencies p(c), and average -log2 p(c):\n"
        "  from collections import Counter\n"
        "  counts = np.array(list(Counter('to be, or not to be').values()))\n"
        "  p = counts / counts.sum()\n"
        f"  answer = -(p * np.log2(p)).sum()      # {_BITS_04_3:.4f}, 2.76 bits per character\n"
        "The 19 characters: 5 spaces, 4 o, 3 t, 2 b, 2 e, and one each of ',', 'r', 'n'.\n"
        f"With np.log instead of np.log2 you get nats ({_BITS_04_3 * np.log(2):.2f}); divide nats by ln 2 for bits."
    ),
)(_check_04_3)


# ---------------------------------------------------------------- 04.4: bits per character, as code


def _bits_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """Hidden inputs: (N, V) and (batch, T, V) probabilities, one position, a character predicted
    with certainty (0 bits), uniform predictions over 84 characters (log2 84 bits), float32 like a
    model's output. The first case tells every slip in the hints apart."""
    rng = np.random.default_rng(404)
    cases = []
    for shape, vocab in [((6,), 5), ((2, 7), 84), ((1,), 3), ((3, 4), 10), ((4, 50), 84)]:
        probs = rng.dirichlet(np.full(vocab, 0.5), size=shape)
        cases.append((probs, rng.integers(0, vocab, size=shape)))
    certain = np.full((3, 4), 1e-9)  # the model is all but sure of the first two characters: ~0 bits
    certain[[0, 1], [2, 0]] = 1 - 3e-9
    certain[2] = [0.1, 0.2, 0.3, 0.4]
    cases.append((certain, np.array([2, 0, 1])))
    cases.append((np.full((5, 84), 1 / 84), rng.integers(0, 84, size=5)))
    cases.append((rng.dirichlet(np.ones(84), size=(2, 6)).astype("float32"), rng.integers(0, 84, size=(2, 6))))
    return cases


_BITS_CASES = _bits_cases()


def _p_true(probs: Any, targets: Any) -> np.ndarray:
    return np.take_along_axis(np.asarray(probs, dtype=float), np.asarray(targets)[..., None], axis=-1)[..., 0]


def _bits_with_loop(probs: Any, targets: Any) -> float:
    """Another right answer: flatten the positions, loop over them, and convert nats to bits."""
    flat_probs, flat_targets = np.reshape(probs, (-1, np.shape(probs)[-1])), np.ravel(targets)
    nats = [-np.log(row[t]) for row, t in zip(flat_probs, flat_targets)]
    return float(np.mean(nats) / np.log(2))


_BITS_VARIANTS = {
    "that is in nats (natural log, as Keras reports the loss): use np.log2, or divide by ln 2": lambda p, t: float(
        -np.mean(np.log(_p_true(p, t)))
    ),
    "that is the total over all positions; bits *per character* is the mean": lambda p, t: float(
        -np.sum(np.log2(_p_true(p, t)))
    ),
    "take the log of each probability, then average: the mean of -log2 p, not -log2 of the mean p": (
        lambda p, t: float(-np.log2(np.mean(_p_true(p, t))))
    ),
    "you averaged -log2 over all V probabilities of each row; score only the probability given to the "
    "character that came, probs[..., targets]": lambda p, t: float(-np.mean(np.log2(p))),
    "that is the entropy of the model's predictions, -sum p log2 p: it ignores the targets. Score the "
    "characters that came: -log2 of the probability the model gave each of them": lambda p, t: float(
        -np.mean(np.sum(np.asarray(p) * np.log2(p), axis=-1))
    ),
    "bits are positive: -log2 p, with the minus sign (log2 of a probability is negative)": lambda p, t: float(
        np.mean(np.log2(_p_true(p, t)))
    ),
    "that is with log base 10; bits use log base 2": lambda p, t: float(-np.mean(np.log10(_p_true(p, t)))),
}


def _check_04_4(answer: Any) -> str | None:
    return check_function(
        answer,
        bits_per_char,
        _BITS_CASES,
        variants=_BITS_VARIANTS,
        advice="pick each position's probability of its target (np.take_along_axis(probs, targets[..., None], "
        "axis=-1)), then average -log2 of them",
        rtol=1e-4,
    )


register(
    "04.4",
    reference=bits_per_char,
    kind="code",
    right=[_bits_with_loop],
    wrongs=list(_BITS_VARIANTS.values())[:4],
    solution=(
        "def bits_per_char(probs, targets):\n"
        "    p_true = np.take_along_axis(probs, targets[..., None], axis=-1)[..., 0]  # shape of targets\n"
        "    return -np.mean(np.log2(p_true))\n"
        "targets[..., None] adds a last axis of length 1, so take_along_axis picks one probability per\n"
        "position, the one the model gave to the character that came. For 2-D probs this is\n"
        "probs[np.arange(len(targets)), targets]; reshape(-1, V) and ravel() reduce any shape to that.\n"
        "Keras's sparse categorical cross-entropy is the same mean with the natural log, in nats:\n"
        "divide it by ln 2 for bits. A model that is sure and right scores 0 bits; uniform guessing over\n"
        "84 characters scores log2(84) = 6.39 bits."
    ),
)(_check_04_4)


# ---------------------------------------------------------------- 04.5: a softmax with a temperature, by hand

TEMPERATURE_EXAMPLE = {"logits": [2.0, 1.0, 0.0], "temperature": 0.5}
_LOGITS, _TAU = TEMPERATURE_EXAMPLE["logits"], TEMPERATURE_EXAMPLE["temperature"]
_PROBS_04_5 = softmax_with_temperature(_LOGITS, _TAU)
_HINTS_04_5 = [
    (
        softmax_with_temperature(_LOGITS, 1.0),
        "that is the softmax at temperature 1; divide the logits by the temperature first",
    ),
    (softmax_with_temperature(_LOGITS, 1 / _TAU), "you multiplied the logits by the temperature; divide them by it"),
    (np.exp(np.divide(_LOGITS, _TAU)), "those are exp(z / tau); divide each by their sum, so that they add up to 1"),
    (np.divide(_LOGITS, _TAU), "those are the scaled logits z / tau; now apply the softmax"),
    (
        np.sort(_PROBS_04_5),
        "the right numbers in the wrong order: the largest logit, z_1 = 2, gets the largest probability",
    ),
]


def _check_04_5(answer: Any) -> str | None:
    got = as_array(answer, shape=(3,), what="three probabilities")
    if abs(got.sum() - 1) > 0.02:
        fallback = f"probabilities add up to 1; yours add up to {got.sum():.3f}"
    else:
        fallback = "divide the logits by tau, then apply the softmax: p_i = exp(z_i / tau) / sum_j exp(z_j / tau)"
    return check_value(got, _PROBS_04_5, 2, hints=_HINTS_04_5, fallback=fallback)


register(
    "04.5",
    reference=_PROBS_04_5,
    kind="value",
    right=[np.round(_PROBS_04_5, 2).tolist(), np.round(_PROBS_04_5, 3), tuple(np.round(_PROBS_04_5, 4))],
    wrongs=[np.round(h[0], 2).tolist() for h in _HINTS_04_5[:3]] + [[0.5, 0.5, 0.5], ["0.87", "0.12", "0.02"]],
    data=TEMPERATURE_EXAMPLE,
    solution=(
        "Divide the logits by the temperature tau = 0.5 first: z / tau = [4, 2, 0]. Then the softmax:\n"
        "  e = np.exp([4.0, 2.0, 0.0]); p = e / e.sum()   ->   [0.867, 0.117, 0.016], or [0.87, 0.12, 0.02]\n"
        "At tau = 1 the same logits give [0.665, 0.245, 0.090]: a low temperature sharpens the distribution,\n"
        "a high one flattens it towards uniform."
    ),
)(_check_04_5)


# ---------------------------------------------------------------- 04.6: predict, then run: which temperature repeats?

SAMPLING_TEMPERATURES = (0.5, 1.0, 1.5)

register_prediction(
    "04.6",
    options={
        "a": f"tau = {SAMPLING_TEMPERATURES[0]}",
        "b": f"tau = {SAMPLING_TEMPERATURES[1]}",
        "c": f"tau = {SAMPLING_TEMPERATURES[2]}",
    },
    answer="a",
    why=(
        "dividing the logits by tau < 1 sharpens the distribution: the likeliest characters take nearly all "
        "the probability, so the sampler keeps choosing the same common words and phrases, and the text repeats "
        "itself. At tau = 1 it samples the model as trained; tau > 1 flattens the distribution towards "
        "uniform, so rare characters get through and few pieces of text come back twice."
    ),
)
