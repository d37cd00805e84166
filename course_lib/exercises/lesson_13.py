"""Exercises of lesson 13 (self-supervised pretraining of text).

* 13.1 (code): the masking of a masked-token objective (BERT's 15%, then 80% [mask], 10% random,
  10% kept): returns the model's inputs, the labels and the loss weights. Checked on hidden batches
  by exact rules (padding never chosen, labels only at chosen positions, untouched positions
  unchanged, the same generator gives the same masking) and by statistics within tolerances.
* 13.2 (code): the k nearest neighbours of a row of an embedding table by cosine similarity.
* 13.3 (predict): with 100 labelled reviews, which classifier reaches the best test accuracy?

Expected values are computed here, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import Unanswered, Wrong, as_array, check_function, register, register_prediction, run_code

# ----------------------------------------------------------------------------------- 13.1

MASK_SHARE, RANDOM_SHARE = 0.8, 0.1  # of the chosen positions; the rest (10%) keep their token
TOLERANCE_13_1 = 0.03  # on every share; the hidden batches hold thousands of chosen positions


def mask_tokens(ids: Any, rate: float, mask_id: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Masking for a masked-token objective (Devlin et al. 2019).

    ``ids``: (batch, n) integer token ids, 0 for padding, 1 for [UNK], word ids 2 to ``mask_id - 1``,
    and ``mask_id`` the [mask] token (the last id of the vocabulary). Each non-padding position is
    chosen with probability ``rate``; a chosen position becomes ``mask_id`` with probability 0.8, a
    random word id (uniform on 2 .. ``mask_id - 1``) with probability 0.1, and keeps its token
    otherwise. Returns ``(inputs, labels, weights)``: the model's input ids, the original ids at the
    chosen positions and 0 elsewhere, and weights 1.0 at the chosen positions and 0.0 elsewhere.

    Example:
        >>> ids = np.array([[5, 6, 7, 0]])
        >>> inputs, labels, weights = mask_tokens(ids, 0.5, 9, np.random.default_rng(0))
        >>> print(weights[0, 3], labels[0, 3], inputs[0, 3])  # padding is never chosen
        0.0 0 0
    """
    ids = np.asarray(ids)
    chosen = (ids > 0) & (rng.random(ids.shape) < rate)
    draw = rng.random(ids.shape)  # one number per position: which of the three treatments
    inputs = ids.copy()
    inputs[chosen & (draw < MASK_SHARE)] = mask_id
    randomised = chosen & (draw >= MASK_SHARE) & (draw < MASK_SHARE + RANDOM_SHARE)
    inputs[randomised] = rng.integers(2, mask_id, size=int(randomised.sum()))
    labels = np.where(chosen, ids, 0)
    return inputs, labels, chosen.astype("float32")


def _batch(rng: np.random.Generator, batch: int, n: int, mask_id: int) -> np.ndarray:
    """Token ids with padding at the end of each row (lengths from 1 to n), some [UNK] (1) among them."""
    ids = rng.integers(2, mask_id, size=(batch, n))
    ids[rng.random((batch, n)) < 0.05] = 1
    lengths = rng.integers(1, n + 1, size=batch)
    ids[np.arange(n)[None, :] >= lengths[:, None]] = 0
    return ids


_RNG_13_1 = np.random.default_rng(1301)
_CASES_13_1 = [  # (ids, rate, mask_id, generator seed)
    (_batch(_RNG_13_1, 800, 20, 12), 0.15, 12, 4),  # a tiny vocabulary: a random id 0 or 1 would show
    (_batch(_RNG_13_1, 600, 48, 5_000), 0.15, 5_000, 1),
    (_batch(_RNG_13_1, 400, 30, 800), 0.3, 800, 2),
    (_batch(_RNG_13_1, 1_000, 12, 20_000), 0.15, 20_000, 3),
]


def _mask_with_choice(ids: Any, rate: float, mask_id: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Another right way: pick the treatment of every chosen position with rng.choice."""
    ids = np.asarray(ids)
    chosen = (ids > 0) & (rng.random(ids.shape) < rate)
    treatment = rng.choice(3, size=ids.shape, p=[0.8, 0.1, 0.1])  # 0 mask, 1 random, 2 keep
    random_ids = rng.integers(2, mask_id, size=ids.shape)
    inputs = np.where(chosen & (treatment == 0), mask_id, ids)
    inputs = np.where(chosen & (treatment == 1), random_ids, inputs)
    return inputs, chosen * ids, chosen.astype(float)


def _mask_padding_too(ids, rate, mask_id, rng):
    ids = np.asarray(ids)
    chosen = rng.random(ids.shape) < rate
    inputs = np.where(chosen, mask_id, ids)
    return inputs, np.where(chosen, ids, 0), chosen.astype("float32")


def _mask_all_chosen(ids, rate, mask_id, rng):
    ids = np.asarray(ids)
    chosen = (ids > 0) & (rng.random(ids.shape) < rate)
    return np.where(chosen, mask_id, ids), np.where(chosen, ids, 0), chosen.astype("float32")


def _labels_everywhere(ids, rate, mask_id, rng):
    inputs, _, weights = mask_tokens(ids, rate, mask_id, rng)
    return inputs, np.asarray(ids).copy(), weights


def _labels_are_inputs(ids, rate, mask_id, rng):
    inputs, _, weights = mask_tokens(ids, rate, mask_id, rng)
    return inputs, np.where(weights > 0, inputs, 0), weights


def _weights_on_every_token(ids, rate, mask_id, rng):
    inputs, labels, _ = mask_tokens(ids, rate, mask_id, rng)
    return inputs, labels, (np.asarray(ids) > 0).astype("float32")


def _random_ids_include_padding(ids, rate, mask_id, rng):
    ids = np.asarray(ids)
    chosen = (ids > 0) & (rng.random(ids.shape) < rate)
    draw = rng.random(ids.shape)
    inputs = np.where(chosen & (draw < 0.8), mask_id, ids)
    randomised = chosen & (draw >= 0.8) & (draw < 0.9)
    inputs[randomised] = rng.integers(0, mask_id, size=int(randomised.sum()))
    return inputs, np.where(chosen, ids, 0), chosen.astype("float32")


def _shares_of_all_tokens(ids, rate, mask_id, rng):
    """Applies the 80/10/10 split to every real token instead of to the chosen ones."""
    ids = np.asarray(ids)
    real = ids > 0
    draw = rng.random(ids.shape)
    inputs = np.where(real & (draw < 0.8), mask_id, ids)
    randomised = real & (draw >= 0.8) & (draw < 0.9)
    inputs[randomised] = rng.integers(2, mask_id, size=int(randomised.sum()))
    chosen = real & (rng.random(ids.shape) < rate)
    return inputs, np.where(chosen, ids, 0), chosen.astype("float32")


def _masking_problem(function: Any, ids: np.ndarray, rate: float, mask_id: int, seed: int) -> str | None:
    """The first rule the learner's masking breaks on one hidden batch, or None."""
    result = run_code(function, (ids, rate, mask_id, np.random.default_rng(seed)), seconds=10.0)
    if result is None:
        raise Unanswered("your function returns None: write your code in place of ... and `return` the result")
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise Wrong("return three arrays, (inputs, labels, weights), as a tuple")
    inputs, labels, weights = (
        as_array(v, shape=ids.shape, what=name) for v, name in zip(result, ("inputs", "labels", "weights"))
    )
    again = run_code(function, (ids, rate, mask_id, np.random.default_rng(seed)), seconds=10.0)
    if not all(np.array_equal(np.asarray(a, dtype=float), b) for a, b in zip(again, (inputs, labels, weights))):
        return (
            "two calls with generators of the same seed gave different maskings: draw every random number "
            "from the `rng` you are given (rng.random, rng.integers), not from np.random"
        )
    if not np.isin(weights, (0.0, 1.0)).all():
        return "weights should be 1.0 at the chosen positions and 0.0 elsewhere, nothing else"
    chosen, padding = weights == 1.0, ids == 0
    if chosen[padding].any():
        return "padding (id 0) was chosen: only real tokens (ids > 0) may be chosen, so the loss never asks for padding"
    if not np.array_equal(inputs[padding], ids[padding]):
        return "your inputs changed some padding: padding must stay 0"
    real = ~padding
    if chosen[real].all():
        return "every real token has weight 1: the weights must mark only the chosen positions (about `rate` of them)"
    if np.array_equal(labels, ids):
        return "labels must be 0 at the positions that were not chosen (the loss ignores them); keep the ids only where weights is 1"
    if not np.array_equal(labels[~chosen], np.zeros(int((~chosen).sum()))):
        return "labels must be 0 wherever weights is 0"
    if not np.array_equal(labels[chosen], ids[chosen]):
        if np.array_equal(labels[chosen], inputs[chosen]):
            return "your labels are the masked inputs: the labels must be the original ids, the tokens to recover"
        return "at the chosen positions the labels must be the original ids"
    if not np.array_equal(inputs[~chosen], ids[~chosen]):
        return "positions that were not chosen must keep their token: only chosen positions may change"
    chosen_share = chosen.sum() / real.sum()
    if abs(chosen_share - rate) > 0.02:
        return f"you chose {chosen_share:.1%} of the real tokens with rate = {rate}: choose each real token with probability rate"
    masked = inputs[chosen] == mask_id
    kept = inputs[chosen] == ids[chosen]
    other = ~masked & ~kept
    if other.all() or masked.all():
        return (
            "every chosen position became [mask]: BERT's rule is 80% [mask], 10% a random word id, 10% the original "
            "token kept (so the model must also check tokens that look normal)"
        )
    replaced = inputs[chosen][other]
    if (replaced < 1).any() or (replaced > mask_id).any():
        return f"a random replacement must be a word id, from 2 to mask_id - 1 = {mask_id - 1}; yours include {int(replaced.min())}"
    shares = {"[mask]": masked.mean(), "a random id": other.mean(), "kept": kept.mean()}
    targets = {"[mask]": MASK_SHARE, "a random id": RANDOM_SHARE, "kept": 1 - MASK_SHARE - RANDOM_SHARE}
    for name, share in shares.items():
        if abs(share - targets[name]) > TOLERANCE_13_1:
            return (
                f"of the chosen positions, {share:.1%} became {name}, expected about {targets[name]:.0%} "
                "(80% [mask], 10% a random word id, 10% kept): draw one number per chosen position and split it "
                "0.8 / 0.1 / 0.1"
            )
    return None


@register(
    "13.1",
    reference=mask_tokens,
    kind="code",
    right=[_mask_with_choice],
    wrongs=[
        _mask_padding_too,
        _mask_all_chosen,
        _labels_everywhere,
        _labels_are_inputs,
        _weights_on_every_token,
        _random_ids_include_padding,
        _shares_of_all_tokens,
    ],
    solution=(
        "def mask_tokens(ids, rate, mask_id, rng):\n"
        "    chosen = (ids > 0) & (rng.random(ids.shape) < rate)      # never padding\n"
        "    draw = rng.random(ids.shape)                              # which treatment\n"
        "    inputs = ids.copy()\n"
        "    inputs[chosen & (draw < 0.8)] = mask_id                   # 80%: [mask]\n"
        "    randomised = chosen & (draw >= 0.8) & (draw < 0.9)        # 10%: a random word\n"
        "    inputs[randomised] = rng.integers(2, mask_id, size=randomised.sum())\n"
        "    labels = np.where(chosen, ids, 0)                          # the rest (10%) keep their token\n"
        "    return inputs, labels, chosen.astype('float32')\n\n"
        "The loss is computed at the chosen positions only (weights 1), so the model is never asked to\n"
        "predict padding, nor the tokens it was shown unchanged and not chosen. The 10% random and 10% kept\n"
        "make it build a representation of every token, not only of [mask], which never occurs in fine-tuning."
    ),
    data={"ids": [[5, 6, 7, 8, 0, 0]], "rate": 0.15, "mask_id": 9},
)
def _check_13_1(answer: Any) -> str | None:
    if answer is None or answer is Ellipsis:
        raise Unanswered
    for ids, rate, mask_id, seed in _CASES_13_1:
        problem = _masking_problem(answer, ids, rate, mask_id, seed)
        if problem:
            return f"for ids of shape {ids.shape} with rate = {rate}: {problem}"
    return None


# ----------------------------------------------------------------------------------- 13.2


def nearest_neighbours(embeddings: Any, index: int, k: int) -> np.ndarray:
    """The ``k`` rows of ``embeddings`` (one vector per word) most similar to row ``index`` by cosine
    similarity, most similar first, the row itself left out.

    Example:
        >>> table = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0]])
        >>> nearest_neighbours(table, 0, 2).tolist()
        [1, 2]
    """
    table = np.asarray(embeddings, dtype=np.float64)
    unit = table / np.linalg.norm(table, axis=1, keepdims=True)
    similarity = unit @ unit[index]
    similarity[index] = -np.inf  # not its own neighbour
    return np.argsort(-similarity, kind="stable")[:k]


def _table(rng: np.random.Generator, rows: int, dims: int) -> np.ndarray:
    """Random vectors with very different lengths, so that the dot product and the cosine disagree."""
    return rng.normal(size=(rows, dims)) * rng.uniform(0.1, 10.0, size=(rows, 1))


_RNG_13_2 = np.random.default_rng(1302)
_CASES_13_2 = [
    (_table(_RNG_13_2, 50, 8), 3, 5),
    (_table(_RNG_13_2, 200, 16), 0, 10),
    (_table(_RNG_13_2, 30, 4), 29, 3),
    (_table(_RNG_13_2, 500, 32), 123, 1),
]


def _neighbours_by_partition(embeddings, index, k):
    """Another right way: normalise every row, take the k + 1 best with argpartition, drop the word itself."""
    unit = embeddings / np.sqrt((embeddings**2).sum(axis=1))[:, None]
    similarity = unit @ unit[index]
    best = np.argpartition(-similarity, k + 1)[: k + 1]
    best = best[np.argsort(-similarity[best])]
    return [int(i) for i in best if i != index][:k]


_VARIANTS_13_2 = {
    "you ranked by the dot product: long vectors (frequent words) win whatever their direction; divide every row "
    "by its length first (cosine similarity)": lambda e, i, k: [j for j in np.argsort(-(e @ e[i])) if j != i][:k],
    "the word itself is on your list (its cosine with itself is 1): leave row `index` out": lambda e, i, k: np.argsort(
        -((e / np.linalg.norm(e, axis=1, keepdims=True)) @ (e[i] / np.linalg.norm(e[i])))
    )[:k],
    "your list runs from the least similar: sort by decreasing similarity": lambda e, i, k: [
        j for j in np.argsort((e / np.linalg.norm(e, axis=1, keepdims=True)) @ e[i]) if j != i
    ][:k],
    "you ranked by Euclidean distance between the raw vectors, which mixes length and direction; compare the "
    "directions only: cosine similarity": lambda e, i, k: [
        j for j in np.argsort(np.linalg.norm(e - e[i], axis=1)) if j != i
    ][:k],
}


@register(
    "13.2",
    reference=nearest_neighbours,
    kind="code",
    right=[_neighbours_by_partition, lambda e, i, k: nearest_neighbours(e.astype(np.float32), i, k).tolist()],
    wrongs=list(_VARIANTS_13_2.values()),
    solution=(
        "def nearest_neighbours(embeddings, index, k):\n"
        "    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)   # every row to length 1\n"
        "    similarity = unit @ unit[index]                                        # cosines with the word\n"
        "    similarity[index] = -np.inf                                            # not its own neighbour\n"
        "    return np.argsort(-similarity)[:k]                                     # most similar first\n\n"
        "The cosine compares directions only. With raw dot products, words with long vectors (often the\n"
        "frequent ones) would be everybody's neighbours."
    ),
    data={"embeddings": [[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0]], "index": 0, "k": 2, "answer": [1, 2]},
)
def _check_13_2(answer: Any) -> str | None:
    return check_function(
        answer,
        nearest_neighbours,
        _CASES_13_2,
        variants=_VARIANTS_13_2,
        rtol=0,
        atol=0,
        advice="normalise every row to length 1, take the dot products with the word's row, leave the word out, "
        "sort by decreasing similarity",
    )


# ----------------------------------------------------------------------------------- 13.3


register_prediction(
    "13.3",
    options={
        "a": "the pretrained-then-fine-tuned transformer",
        "b": "the same transformer trained from scratch",
        "c": "TF-IDF + logistic regression",
    },
    answer="c",
    why=(
        "with 100 reviews a bag of words is hard to beat. Logistic regression needs one weight per word seen, and "
        "the few opinion words of 100 reviews ('dull', 'funny', 'mess') already carry much of the signal. A "
        "transformer must fit tens of thousands of weights from the same 100 labels; pretraining is meant to give "
        "it a head start, but a few minutes of masked-token training on about a million words (most of them "
        "Shakespeare) teach it far less about movie sentiment than BERT's billions of words teach BERT (here it did "
        "not even beat the same encoder trained from scratch). Pretraining gains grow "
        "with the pretraining data and the model: this is the small end of that scale."
    ),
)
