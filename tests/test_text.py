"""course_lib.text: the interpolated n-gram model against hand-computed probabilities, and the TF-IDF baseline."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from course_lib.text import NgramCounts, ngram_bits, ngram_counts, ngram_probabilities, tfidf_logreg

# The text "ababa" as ids (a = 0, b = 1). Unigrams: a 3 times, b twice (N = 5, T = 2).
# Bigrams: "ab" twice, "ba" twice; so N("a") = 2, T("a") = 1 and N("b") = 2, T("b") = 1.
ABABA = [0, 1, 0, 1, 0]
D = 0.75


def test_counts_of_a_tiny_text() -> None:
    counts = ngram_counts(ABABA, max_order=3, vocab_size=2)
    assert isinstance(counts, NgramCounts) and counts.n_chars == 5
    unigram_keys, unigram_counts = counts.grams[0]
    assert unigram_keys.tolist() == [0, 1] and unigram_counts.tolist() == [3, 2]
    trigram_keys, trigram_counts = counts.grams[2]  # "aba" (0*4 + 1*2 + 0 = 2) and "bab" (5), "aba" twice
    assert trigram_keys.tolist() == [2, 5] and trigram_counts.tolist() == [2, 1]
    keys, totals, types = counts.contexts[1]  # contexts "a" and "b"
    assert keys.tolist() == [0, 1] and totals.tolist() == [2, 2] and types.tolist() == [1, 1]
    keys, totals, types = counts.contexts[0]  # the empty context
    assert totals.tolist() == [5] and types.tolist() == [2]


def test_unigram_probabilities_by_hand() -> None:
    counts = ngram_counts(ABABA, max_order=2, vocab_size=2)
    # P1(a) = (3 - D)/5 + D*2/5 * 1/2 = 0.45 + 0.15; P1(b) = (2 - D)/5 + 0.15
    np.testing.assert_allclose(ngram_probabilities(counts, [0, 1], order=1), [0.6, 0.4])


def test_bigram_probabilities_by_hand() -> None:
    counts = ngram_counts(ABABA, max_order=2, vocab_size=2)
    # P2(b | a) = (2 - D)/2 + D*1/2 * P1(b) = 0.625 + 0.375 * 0.4
    np.testing.assert_allclose(ngram_probabilities(counts, [0, 1], order=2), [0.625 + 0.375 * 0.4])
    # P2(a | b) = 0.625 + 0.375 * 0.6; P2(a | a), never seen: 0 + 0.375 * 0.6
    np.testing.assert_allclose(ngram_probabilities(counts, [1, 0, 0], order=2), [0.85, 0.225])
    bits = ngram_bits(counts, [1, 0, 0], order=2)
    assert bits == pytest.approx(-(np.log2(0.85) + np.log2(0.225)) / 2)


def test_unseen_context_and_unseen_character() -> None:
    counts = ngram_counts(ABABA, max_order=2, vocab_size=3)  # id 2 ("c") never occurs in training
    # P1(c) = 0 + D*2/5 * 1/3 = 0.1; P1(a) = 0.45 + D*2/5 * 1/3 = 0.55
    np.testing.assert_allclose(ngram_probabilities(counts, [2, 0], order=1), [0.1, 0.55])
    # context "c" was never seen: the bigram model falls back to P1(a)
    np.testing.assert_allclose(ngram_probabilities(counts, [2, 0], order=2), [0.55])


def test_every_context_gives_a_distribution() -> None:
    rng = np.random.default_rng(0)
    text = rng.integers(0, 5, size=300)
    counts = ngram_counts(text, max_order=4, vocab_size=5)
    for order in (1, 2, 3, 4):
        for context in ([], [1], [2, 3], [0, 4, 1], [4, 4, 4]):
            context = ([0, 0, 0] + context)[-(order - 1) :] if order > 1 else []
            p = [ngram_probabilities(counts, context + [c], order)[-1] for c in range(5)]
            assert sum(p) == pytest.approx(1.0), (order, context)


def _reference_bits(train: str, text: str, order: int, vocab_size: int) -> float:
    """Lesson 05's original, loop-by-loop implementation with collections.Counter."""
    grams = Counter(train[i : i + n] for n in range(1, order + 1) for i in range(len(train) - n + 1))
    total, types = Counter(), Counter()
    for gram, count in grams.items():
        total[gram[:-1]] += count
        types[gram[:-1]] += 1
    bits = 0.0
    for t in range(order - 1, len(text)):
        p = 1.0 / vocab_size
        for n in range(order):
            h = text[t - n : t]
            if total[h]:
                p = max(grams[text[t - n : t + 1]] - D, 0) / total[h] + D * types[h] / total[h] * p
        bits -= np.log2(p)
    return bits / (len(text) - order + 1)


@pytest.mark.parametrize("order", [1, 3, 5])
def test_matches_a_counter_implementation(order: int) -> None:
    rng = np.random.default_rng(1)
    alphabet = "abcdef"
    train = "".join(rng.choice(list(alphabet[:4]), size=2000, p=[0.4, 0.3, 0.2, 0.1]))
    text = "".join(rng.choice(list(alphabet), size=300))
    ids = {c: i for i, c in enumerate(alphabet)}
    counts = ngram_counts([ids[c] for c in train], max_order=5, vocab_size=6)
    ours = ngram_bits(counts, [ids[c] for c in text], order)
    assert ours == pytest.approx(_reference_bits(train, text, order, 6), rel=1e-12)


def test_a_longer_context_helps_on_a_periodic_text() -> None:
    text = np.tile([0, 1, 2, 0, 2, 1], 200)  # after "0", 1 or 2; after "x0", one of them for sure
    counts = ngram_counts(text, max_order=3, vocab_size=3)
    assert ngram_bits(counts, text, 3) < ngram_bits(counts, text, 2) < ngram_bits(counts, text, 1)


def test_bad_input() -> None:
    counts = ngram_counts(ABABA, max_order=2, vocab_size=2)
    with pytest.raises(TypeError, match="not a str"):
        ngram_counts("ababa", max_order=2, vocab_size=2)
    with pytest.raises(ValueError, match=r"ids in \[0, 2\)"):
        ngram_counts([0, 1, 2], max_order=2, vocab_size=2)
    with pytest.raises(ValueError, match="1-D"):
        ngram_counts([[0, 1], [1, 0]], max_order=2, vocab_size=2)
    with pytest.raises(TypeError, match="integer"):
        ngram_counts([0.0, 1.0], max_order=2, vocab_size=2)
    with pytest.raises(ValueError, match="empty"):
        ngram_counts([], max_order=2, vocab_size=2)
    with pytest.raises(ValueError, match="positive integer"):
        ngram_counts(ABABA, max_order=0, vocab_size=2)
    with pytest.raises(TypeError, match="positive integer"):
        ngram_counts(ABABA, max_order=2.0, vocab_size=2)
    with pytest.raises(ValueError, match="too large"):
        ngram_counts(ABABA, max_order=20, vocab_size=100)
    with pytest.raises(ValueError, match="max_order"):
        ngram_bits(counts, ABABA, order=3)
    with pytest.raises(ValueError, match="at least 2"):
        ngram_bits(counts, [0], order=2)
    with pytest.raises(ValueError, match="discount"):
        ngram_bits(counts, ABABA, order=2, discount=0)
    with pytest.raises(ValueError, match=r"ids in \[0, 2\)"):
        ngram_bits(counts, [0, 5], order=1)
    with pytest.raises(TypeError, match="ngram_counts"):
        ngram_bits({"a": 1}, ABABA, order=1)


# tfidf_logreg: the bag-of-words baseline of lessons 05 and 13
REVIEWS = [
    "a great film with great acting",
    "funny and warm, a great time",
    "a dull film, too long",
    "dull acting and a weak plot",
    "warm, funny and moving",
    "weak, long and dull",
]
FRESH = [1, 1, 0, 0, 1, 0]
VAL = ["great and funny", "long and weak", "a warm film", "dull plot"]
VAL_FRESH = [1, 0, 1, 0]


def test_tfidf_logreg_matches_sklearn_by_hand() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer, model, val_accuracy = tfidf_logreg(
        REVIEWS, FRESH, VAL, VAL_FRESH, C_grid=(0.01, 1.0, 100.0), min_df_grid=(1, 2)
    )
    assert list(val_accuracy) == [(1, 0.01), (1, 1.0), (1, 100.0), (2, 0.01), (2, 1.0), (2, 100.0)]
    for (min_df, C), accuracy in val_accuracy.items():
        by_hand = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True)
        features = by_hand.fit_transform(REVIEWS)
        fit = LogisticRegression(C=C, solver="liblinear").fit(features, FRESH)
        assert accuracy == pytest.approx(fit.score(by_hand.transform(VAL), VAL_FRESH))
    best = max(val_accuracy.values())
    first_best = next(key for key, accuracy in val_accuracy.items() if accuracy == best)  # ties: the first
    assert (vectorizer.min_df, model.C) == first_best
    assert model.score(vectorizer.transform(VAL), VAL_FRESH) == pytest.approx(best)


def test_tfidf_logreg_learns_the_opinion_words() -> None:
    vectorizer, model, _ = tfidf_logreg(REVIEWS, np.array(FRESH), VAL, np.array(VAL_FRESH), min_df_grid=(1,))
    assert model.predict(vectorizer.transform(["great", "dull"])).tolist() == [1, 0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"texts": "one long string"}, TypeError, "one string"),
        ({"texts": ["fine", 3, "ok", "no", "yes", "so"]}, TypeError, "item 1 is int"),
        ({"texts": []}, ValueError, "texts is empty"),
        ({"labels": [1, 0]}, ValueError, "one label per text"),
        ({"val_labels": [[1, 0, 1, 0]]}, ValueError, "one label per text"),
        ({"C_grid": ()}, ValueError, "must not be empty"),
        ({"C_grid": (1.0, 0.0)}, ValueError, "positive"),
        ({"min_df_grid": (0,)}, ValueError, "min_df must be a positive integer"),
        ({"min_df_grid": (1.5,)}, TypeError, "min_df must be a positive integer"),
        ({"min_df_grid": (50,)}, ValueError, "leaves no term"),
    ],
)
def test_tfidf_logreg_bad_input(kwargs: dict, error: type, message: str) -> None:
    args = {"texts": REVIEWS, "labels": FRESH, "val_texts": VAL, "val_labels": VAL_FRESH, **kwargs}
    with pytest.raises(error, match=message):
        tfidf_logreg(**args)
