"""Exercises of lesson 04 (recurrent networks and LSTMs).

04.1  parameters of an LSTM layer          04.2  how fast a gradient can vanish
04.3  softmax with a temperature           04.4  the unigram baseline in bits per character
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..check import close_to, register


def _scalar(answer: Any) -> float | None:
    """The answer as one float, or None if it is not a single number."""
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(values) if values.size == 1 and values.ndim == 0 else None


# ------------------------------------------------------------------ 04.1 LSTM parameter count

LSTM_UNITS, LSTM_INPUTS = 32, 1


def lstm_parameter_count(units: int, inputs: int) -> int:
    """Weights of a Keras LSTM layer: four gates, each with W (inputs x units), U (units x units), b.

    Example:
        >>> lstm_parameter_count(units=4, inputs=3)
        128
    """
    return 4 * (inputs * units + units * units + units)


@register(
    "04.1",
    reference=lstm_parameter_count(LSTM_UNITS, LSTM_INPUTS),
    wrong=LSTM_INPUTS * LSTM_UNITS + LSTM_UNITS * LSTM_UNITS + LSTM_UNITS,
    solution=(
        "Each of the four blocks (input gate i, forget gate f, candidate c~, output gate o) has its own\n"
        "W (1 x 32 = 32 weights), U (32 x 32 = 1024 weights) and b (32 biases): 1088 numbers.\n"
        "Four blocks: 4 * 1088 = 4352. Check: keras.layers.LSTM(32) on inputs of shape (None, 1)\n"
        "reports 4352 parameters in model.summary()."
    ),
)
def _check_lstm_params(answer: Any) -> str | None:
    expected = lstm_parameter_count(LSTM_UNITS, LSTM_INPUTS)
    number = _scalar(answer)
    if number is None or isinstance(answer, bool):
        return f"expected a whole number of parameters, got {type(answer).__name__}"
    if number != int(number):
        return "a parameter count is a whole number"
    value = int(number)
    simple_rnn = LSTM_INPUTS * LSTM_UNITS + LSTM_UNITS * LSTM_UNITS + LSTM_UNITS
    if value == simple_rnn:
        return "that is one SimpleRNN's worth (W, U, b once); an LSTM has four such blocks"
    if value == 4 * (LSTM_INPUTS * LSTM_UNITS + LSTM_UNITS * LSTM_UNITS):
        return "close: do not forget the four bias vectors"
    if value != expected:
        return "count W (inputs x units), U (units x units) and b (units) for each of the four blocks"
    return None


# ------------------------------------------------------------------ 04.2 vanishing factor

RECURRENT_WEIGHT, STEPS = 0.9, 50


@register(
    "04.2",
    reference=RECURRENT_WEIGHT**STEPS,
    wrong=RECURRENT_WEIGHT * STEPS,
    solution=(
        "dh_T/dh_0 is a product of T factors u * tanh'(a_t), and tanh' is at most 1, so its size is at\n"
        "most |u|**T = 0.9**50 = 0.00515. A signal from 50 steps back reaches the loss at most about\n"
        "200 times weaker than one from the last step: the gradient vanishes geometrically."
    ),
)
def _check_vanishing(answer: Any) -> str | None:
    value = _scalar(answer)
    if value is not None and np.isclose(value, RECURRENT_WEIGHT * STEPS):
        return "the chain rule multiplies the factors of the 50 steps; it does not add them"
    return close_to(RECURRENT_WEIGHT**STEPS, answer, atol=1e-6, rtol=1e-3, what="largest factor")


# ------------------------------------------------------------------ 04.3 temperature

TEMPERATURE_LOGITS = (2.0, 1.0, 0.0)
TEMPERATURE = 0.5


def softmax_with_temperature(logits: Any, temperature: float) -> np.ndarray:
    """Probabilities p_i = exp(z_i / T) / sum_j exp(z_j / T).

    Example:
        >>> softmax_with_temperature([0.0, 0.0], temperature=2.0).tolist()
        [0.5, 0.5]
    """
    z = np.asarray(logits, dtype=float) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


@register(
    "04.3",
    reference=softmax_with_temperature(TEMPERATURE_LOGITS, TEMPERATURE),
    wrong=softmax_with_temperature(TEMPERATURE_LOGITS, 1.0),
    solution=(
        "Divide the logits by the temperature tau = 0.5 first: z / tau = [4, 2, 0]. Then the softmax:\n"
        "  e = np.exp([4.0, 2.0, 0.0]); p = e / e.sum()   ->   [0.867, 0.117, 0.016]\n"
        "At tau = 1 the same logits give [0.665, 0.245, 0.090]: a low temperature sharpens the distribution."
    ),
)
def _check_temperature(answer: Any) -> str | None:
    try:
        got = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return f"expected three probabilities, got {type(answer).__name__}"
    got = got if got.size == 3 else None
    if got is not None and np.allclose(got, softmax_with_temperature(TEMPERATURE_LOGITS, 1.0), atol=1e-3):
        return "that is the softmax at temperature 1; divide the logits by the temperature first"
    if got is not None and np.allclose(got, softmax_with_temperature(TEMPERATURE_LOGITS, 2.0), atol=1e-3):
        return "you multiplied the logits by the temperature; divide them by it"
    if got is not None and not np.isclose(got.sum(), 1.0, atol=1e-3):
        return f"probabilities must add up to 1; yours add up to {got.sum():.3f}"
    return close_to(
        softmax_with_temperature(TEMPERATURE_LOGITS, TEMPERATURE), answer, atol=1e-3, rtol=1e-3, what="probabilities"
    )


# ------------------------------------------------------------------ 04.4 unigram bits per character

UNIGRAM_TEXT = "to be, or not to be"


def unigram_bits_per_char(text: str) -> float:
    """Entropy of the character frequencies of ``text``: -sum_c p(c) log2 p(c).

    Example:
        >>> unigram_bits_per_char("abab")
        1.0
    """
    counts = np.array(list(Counter(text).values()), dtype=float)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


@register(
    "04.4",
    reference=unigram_bits_per_char(UNIGRAM_TEXT),
    wrong=unigram_bits_per_char(UNIGRAM_TEXT) * np.log(2),
    solution=(
        "Count each character, turn the counts into frequencies p(c), and average -log2 p(c):\n"
        "  from collections import Counter\n"
        "  counts = np.array(list(Counter('to be, or not to be').values()))\n"
        "  p = counts / counts.sum()\n"
        "  answer = -(p * np.log2(p)).sum()      # about 2.76 bits per character\n"
        "With np.log instead of np.log2 you get nats (1.91); divide nats by ln 2 to get bits."
    ),
)
def _check_unigram(answer: Any) -> str | None:
    expected = unigram_bits_per_char(UNIGRAM_TEXT)
    value = _scalar(answer)
    if value is not None and np.isclose(value, expected * np.log(2), atol=1e-3):
        return "that is in nats (natural log); use log base 2 for bits, or divide by ln 2"
    return close_to(expected, answer, atol=1e-3, rtol=1e-3, what="entropy in bits per character")
