"""Counting language models: the character n-gram baseline a neural text model must beat.

An n-gram model predicts the next character from the previous ``n - 1`` by counting, in a
training text, what followed each context. Contexts seen rarely or never borrow probability from
shorter ones, by **interpolated absolute discounting**:

    P_n(c | h) = max(N(hc) - D, 0) / N(h)  +  D * T(h) / N(h) * P_{n-1}(c | h')

with ``h`` the previous ``n - 1`` characters, ``h'`` the same without its first one, ``N(hc)``
the number of times ``h`` followed by ``c`` occurs in the training text, ``N(h)`` the number of
times ``h`` is followed by anything, ``T(h)`` the number of distinct characters that follow ``h``,
``D`` the discount taken from every seen count, and ``P_0(c) = 1 / V`` for ``V`` possible
characters. A context never seen (``N(h) = 0``) passes the shorter context's probability on.

Texts are arrays of integer character ids in ``[0, V)``. Counting is vectorised with NumPy (each
n-gram becomes one integer, ``sum_j id_j V^(k-1-j)``; ``np.unique`` counts them), so a few
million characters up to order 6 take seconds.

Introduced in lesson 04 (the baseline of the character model); lesson 05 compares its tiny GPT
with it.

The module also holds the bag-of-words baseline a neural text *classifier* must beat,
:func:`tfidf_logreg`: TF-IDF features of words and word pairs, then a logistic regression, its
settings chosen on validation data (lessons 05 and 13).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["NgramCounts", "ngram_bits", "ngram_counts", "ngram_probabilities", "tfidf_logreg"]


@dataclass(frozen=True)
class NgramCounts:
    """The counts of every n-gram of a training text, up to ``max_order`` characters.

    Attributes:
        vocab_size: ``V``, the number of possible character ids.
        max_order: the longest n-gram counted; models of order 1 to ``max_order`` can be scored.
        n_chars: the length of the training text.
        grams: ``grams[k - 1] = (keys, counts)`` for the n-grams of length ``k``: their integer keys,
            sorted, and how often each occurs, ``N(g)``.
        contexts: ``contexts[m] = (keys, totals, types)`` for the contexts of length ``m`` (0 to
            ``max_order - 1``): their keys, sorted, ``N(h)`` and ``T(h)``.
    """

    vocab_size: int
    max_order: int
    n_chars: int
    grams: tuple[tuple[np.ndarray, np.ndarray], ...]
    contexts: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive integer, got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _as_ids(ids: Sequence[int] | np.ndarray, vocab_size: int, name: str) -> np.ndarray:
    if isinstance(ids, str):
        raise TypeError(f"{name} must be integer character ids, not a str: encode the text first (a dict char -> id)")
    array = np.asarray(ids)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of character ids, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integer character ids, got dtype {array.dtype}")
    array = array.astype(np.int64)
    if array.size and (array.min() < 0 or array.max() >= vocab_size):
        raise ValueError(
            f"{name} must hold ids in [0, {vocab_size}) (vocab_size={vocab_size}), "
            f"got values from {array.min()} to {array.max()}"
        )
    return array


def _rolling_keys(ids: np.ndarray, max_len: int, vocab_size: int) -> list[np.ndarray]:
    """keys[k - 1][i] is the integer key of ids[i : i + k], for k = 1..max_len."""
    keys = [ids]
    for k in range(2, max_len + 1):
        keys.append(keys[-1][: len(ids) - k + 1] * vocab_size + ids[k - 1 :])
    return keys


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """values[where keys == query], or 0 where the query key was never counted."""
    if keys.size == 0:
        return np.zeros(query.shape, dtype=values.dtype)
    where = np.minimum(np.searchsorted(keys, query), keys.size - 1)
    return np.where(keys[where] == query, values[where], 0)


def ngram_counts(ids: Sequence[int] | np.ndarray, max_order: int, vocab_size: int) -> NgramCounts:
    """Count every n-gram of length 1 to ``max_order`` in a text of character ids.

    Args:
        ids: the training text as a 1-D array of integer ids in ``[0, vocab_size)``.
        max_order: the longest n-gram to count (the highest order you will score).
        vocab_size: ``V``, the number of possible characters (it sets ``P_0 = 1 / V``).

    Returns:
        An :class:`NgramCounts` for :func:`ngram_bits` and :func:`ngram_probabilities`.

    Raises:
        ValueError: ids not 1-D or outside ``[0, V)``, an empty text, or ``V ** max_order`` too large
            for 63-bit keys. TypeError: a ``str`` or non-integer ids.

    Example (introduced in lesson 04):
        >>> counts = ngram_counts([0, 1, 0, 1, 0], max_order=2, vocab_size=2)  # the text "ababa"
        >>> counts.grams[1]  # the bigrams: keys 0*2+1 ("ab") and 1*2+0 ("ba"), each twice
        (array([1, 2]), array([2, 2]))
    """
    vocab_size = _positive_int("vocab_size", vocab_size)
    max_order = _positive_int("max_order", max_order)
    if vocab_size**max_order >= 2**62:
        raise ValueError(f"vocab_size ** max_order = {vocab_size}**{max_order} is too large for 63-bit n-gram keys")
    text = _as_ids(ids, vocab_size, "ids")
    if text.size == 0:
        raise ValueError("ids is empty: there is nothing to count")
    grams = []
    for keys in _rolling_keys(text, min(max_order, text.size), vocab_size):
        grams.append(np.unique(keys, return_counts=True))
    while len(grams) < max_order:  # a text shorter than max_order has no n-gram that long
        grams.append((np.zeros(0, np.int64), np.zeros(0, np.int64)))
    contexts = [(np.zeros(1, np.int64), np.array([text.size]), np.array([grams[0][0].size]))]
    for m in range(1, max_order):  # contexts of length m, from the (m + 1)-grams that extend them
        keys, counts = grams[m]
        context_keys = keys // vocab_size  # drop the last character; still sorted
        unique, starts = np.unique(context_keys, return_index=True)
        if unique.size == 0:
            contexts.append((unique, np.zeros(0, np.int64), np.zeros(0, np.int64)))
            continue
        totals = np.add.reduceat(counts, starts)
        types = np.diff(np.append(starts, keys.size))
        contexts.append((unique, totals, types))
    return NgramCounts(vocab_size, max_order, int(text.size), tuple(grams), tuple(contexts))


def ngram_probabilities(
    counts: NgramCounts, ids: Sequence[int] | np.ndarray, order: int, discount: float = 0.75
) -> np.ndarray:
    """The probability the n-gram model of ``order`` gives to each character of a text.

    The first ``order - 1`` characters have too short a context and are not scored: the result
    holds ``P(ids[t] | ids[t - order + 1 : t])`` for ``t = order - 1, ..., len(ids) - 1``.

    Args:
        counts: from :func:`ngram_counts` on the training text, with ``max_order >= order``.
        ids: the text to score, 1-D integer ids in ``[0, V)``.
        order: ``n``, the model's order (``n - 1`` characters of context); 1 is the smoothed unigram.
        discount: ``D``, in ``(0, 1]``.

    Example (introduced in lesson 04):
        >>> counts = ngram_counts([0, 1, 0, 1, 0], max_order=2, vocab_size=2)
        >>> ngram_probabilities(counts, [0, 1], order=1)  # (3 - 0.75) / 5 + 0.75 * 2 / 5 * 1/2, then (2 - 0.75) / 5 + 0.15
        array([0.6, 0.4])
    """
    if not isinstance(counts, NgramCounts):
        raise TypeError(f"counts must come from ngram_counts, got {type(counts).__name__}")
    order = _positive_int("order", order)
    if order > counts.max_order:
        raise ValueError(f"order {order} is higher than the counts' max_order {counts.max_order}: count up to it")
    if isinstance(discount, (bool, np.bool_)) or not 0 < float(discount) <= 1:
        raise ValueError(f"discount must be in (0, 1], got {discount!r}")
    discount = float(discount)
    vocab_size = counts.vocab_size
    text = _as_ids(ids, vocab_size, "ids")
    if text.size < order:
        raise ValueError(f"ids has {text.size} characters: an order-{order} model needs at least {order} to score one")
    n_scored = text.size - order + 1
    keys = _rolling_keys(text, order, vocab_size)
    p = np.full(n_scored, 1.0 / vocab_size)
    for m in range(order):  # context lengths 0, 1, ..., order - 1
        start = order - 1 - m  # the scored character t = order-1+i; its context starts at t - m
        gram_keys = keys[m][start : start + n_scored]  # ids[t - m : t + 1], m + 1 characters
        context_keys = gram_keys // vocab_size  # ids[t - m : t]
        seen = _lookup(*counts.grams[m], gram_keys).astype(np.float64)
        context_k, totals_k, types_k = counts.contexts[m]
        totals = _lookup(context_k, totals_k, context_keys).astype(np.float64)
        types = _lookup(context_k, types_k, context_keys).astype(np.float64)
        safe = np.where(totals > 0, totals, 1.0)
        interpolated = np.maximum(seen - discount, 0) / safe + discount * types / safe * p
        p = np.where(totals > 0, interpolated, p)
    return p


def ngram_bits(counts: NgramCounts, ids: Sequence[int] | np.ndarray, order: int, discount: float = 0.75) -> float:
    """Bits per character of a text under the n-gram model: the mean of ``-log2 P(c | context)``.

    Averaged over the characters :func:`ngram_probabilities` scores (all but the first
    ``order - 1``). Same arguments as :func:`ngram_probabilities`.

    Example (introduced in lesson 04):
        >>> counts = ngram_counts([0, 1, 0, 1, 0], max_order=2, vocab_size=2)
        >>> round(ngram_bits(counts, [0, 1], order=1), 3)  # -(log2 0.6 + log2 0.4) / 2
        1.029
    """
    return float(-np.mean(np.log2(ngram_probabilities(counts, ids, order, discount))))


def _texts(name: str, texts: object) -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{name} must be a sequence of texts, got one string: wrap it in a list")
    items = list(texts)  # type: ignore[call-overload]
    if not items:
        raise ValueError(f"{name} is empty: expected at least one text")
    bad = [i for i, t in enumerate(items) if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{name} must hold strings; item {bad[0]} is {type(items[bad[0]]).__name__}")
    return items


def tfidf_logreg(
    texts: Sequence[str],
    labels: Sequence[int] | np.ndarray,
    val_texts: Sequence[str],
    val_labels: Sequence[int] | np.ndarray,
    C_grid: Sequence[float] = (0.1, 1.0, 10.0),
    min_df_grid: Sequence[int] = (2,),
) -> tuple[Any, Any, dict[tuple[int, float], float]]:
    """TF-IDF + logistic regression, with ``C`` and ``min_df`` chosen on validation data.

    For each ``min_df`` (outer loop), a ``TfidfVectorizer(ngram_range=(1, 2), min_df=min_df,
    sublinear_tf=True)`` is fitted on ``texts``: words and word pairs, each weighted by
    ``(1 + log tf) * idf``, rows scaled to length 1; ``min_df`` drops the terms found in fewer
    training texts. For each ``C`` (the inverse regularisation strength), a
    ``LogisticRegression(C=C, solver="liblinear")`` is fitted on those features. The pair with the
    best accuracy on the validation texts wins (on a tie, the first in that order). The test set
    is not touched: score it once, with the returned vectorizer and model.

    Args:
        texts, labels: the training texts and their class labels (the same length).
        val_texts, val_labels: the validation texts and labels that choose the settings.
        C_grid: the values of ``C`` to try (positive numbers).
        min_df_grid: the values of ``min_df`` to try (positive integers: a count of texts).

    Returns:
        ``(vectorizer, model, val_accuracy)``: the chosen fitted ``TfidfVectorizer`` and
        ``LogisticRegression``, and the validation accuracy of every ``(min_df, C)`` tried.

    Raises:
        TypeError: a single string instead of a list of texts, or an item that is not a string.
        ValueError: empty or mismatched texts and labels, an empty grid, ``C <= 0`` or
            ``min_df < 1``, or a ``min_df`` that leaves no term.

    Example (introduced in lesson 05):
        >>> texts = ["a great film", "great acting", "a dull film", "dull and long"]
        >>> vectorizer, model, val_accuracy = tfidf_logreg(
        ...     texts, [1, 1, 0, 0], ["great fun", "so dull"], [1, 0], C_grid=(1.0, 10.0), min_df_grid=(1,)
        ... )
        >>> val_accuracy
        {(1, 1.0): 1.0, (1, 10.0): 1.0}
        >>> model.predict(vectorizer.transform(["great", "dull"])).tolist()
        [1, 0]
    """
    from sklearn.feature_extraction.text import TfidfVectorizer  # imported here: light `import course_lib`
    from sklearn.linear_model import LogisticRegression

    train, val = _texts("texts", texts), _texts("val_texts", val_texts)
    y, y_val = np.asarray(labels), np.asarray(val_labels)
    for name, x, t in (("labels", y, train), ("val_labels", y_val, val)):
        if x.shape != (len(t),):
            raise ValueError(f"{name} must be one label per text: {len(t)} texts, labels of shape {x.shape}")
    C_values = [float(C) for C in C_grid]
    min_dfs = [_positive_int("min_df", m) for m in min_df_grid]
    if not C_values or not min_dfs:
        raise ValueError(f"C_grid and min_df_grid must not be empty, got {list(C_grid)} and {list(min_df_grid)}")
    if min(C_values) <= 0:
        raise ValueError(f"every C must be positive, got {C_values}")
    fits, val_accuracy = {}, {}
    for min_df in min_dfs:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True)
        try:
            features = vectorizer.fit_transform(train)
        except ValueError as error:  # sklearn: "After pruning, no terms remain" or an empty vocabulary
            raise ValueError(f"min_df={min_df} leaves no term in the {len(train)} training texts: {error}") from None
        val_features = vectorizer.transform(val)
        for C in C_values:
            model = LogisticRegression(C=C, solver="liblinear").fit(features, y)
            fits[(min_df, C)] = (vectorizer, model)
            val_accuracy[(min_df, C)] = float(model.score(val_features, y_val))
    best = max(val_accuracy, key=val_accuracy.__getitem__)
    return (*fits[best], val_accuracy)
