"""Exercises of lesson 12 (pretraining and transfer: reusing what a network learned), in the order the
notebook shows them.

* 12.1 (predict): a new head on the frozen features of which layer of the network pretrained on digits
  0-4 learns digits 5-9 best from 10 labels per class?
* 12.2 (code): freeze a network for fine-tuning, ``freeze_for_finetuning(model, n_top)``: the top
  ``n_top`` convolution or dense layers stay trainable, every other layer and every batch-normalisation
  layer is frozen; checked on hidden small models.
* 12.3 (code): the NT-Xent loss of SimCLR in NumPy, ``nt_xent(z1, z2, temperature)``, against
  :func:`nt_xent` on hidden embeddings.

Expected values are computed here by the reference functions, on hidden inputs made with a fixed seed;
the hints name the usual slips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..check import Unanswered, check_function, register, register_prediction, run_code

# ---------------------------------------------------------------- 12.1: which layer transfers

register_prediction(
    "12.1",
    options={
        "a": "the first convolution block (small strokes and edges)",
        "b": "the last convolution block (larger parts of digits)",
        "c": "the dense layer just before the 0-4 output (the most processed features)",
    },
    answer="b",
    why=(
        "the first block's features are generic but simple: a head on them must still do most of the work, "
        "from 10 examples per class. The dense layer is the most specialised: it was trained to separate 0, 1, "
        "2, 3 and 4, and throws away what does not help with that, some of which would tell a 5 from a 9. The "
        "last convolution block sits in between: parts of digits (loops, strokes at several angles), general "
        "enough to describe digits the network never saw, and already combined into larger shapes. Features "
        "grow more specific to the pretraining task with depth (Yosinski et al. 2014), so the best layer to "
        "reuse for a new task is often below the top, and a validation set, not habit, should choose it."
    ),
)


# ---------------------------------------------------------------- 12.2: freezing for fine-tuning


def _is_batch_norm(layer: Any) -> bool:
    return type(layer).__name__ == "BatchNormalization"


def freeze_for_finetuning(model: Any, n_top: int) -> None:
    """Prepare ``model`` for fine-tuning, in place: of its layers with weights that are not batch
    normalisation (convolutions and dense layers), the top ``n_top`` stay trainable and the others are
    frozen; every ``BatchNormalization`` layer is frozen, wherever it sits.

    A frozen ``BatchNormalization`` layer in Keras 3 also runs in inference mode: it normalises with
    its running averages and no longer updates them.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.BatchNormalization(),
        ...                           keras.layers.Dense(2)])
        >>> freeze_for_finetuning(model, 1)
        >>> [layer.trainable for layer in model.layers]
        [False, False, True]
    """
    weighted = [layer for layer in model.layers if layer.weights and not _is_batch_norm(layer)]
    keep = set(map(id, weighted[len(weighted) - n_top :])) if n_top > 0 else set()
    for layer in model.layers:
        layer.trainable = id(layer) in keep


def _build(spec: tuple[str, ...]) -> Any:
    """A small Keras model from a spec: "c<f>" Conv2D, "b" BatchNormalization, "r" ReLU, "p" pooling,
    "f" Flatten, "d<u>" Dense, "o" Dropout (inputs of shape (12, 12, 1))."""
    import keras
    from keras import layers

    made = [keras.Input((12, 12, 1))]
    for item in spec:
        kind, size = item[0], int(item[1:] or 4)
        if kind == "c":
            made.append(layers.Conv2D(size, 3, padding="same", use_bias=False))
        elif kind == "d":
            made.append(layers.Dense(size))
        elif kind == "b":
            made.append(layers.BatchNormalization())
        elif kind == "r":
            made.append(layers.ReLU())
        elif kind == "p":
            made.append(layers.MaxPooling2D(2))
        elif kind == "f":
            made.append(layers.Flatten())
        else:
            made.append(layers.Dropout(0.2))
    return keras.Sequential(made)


_SPECS_12_2 = [
    (("c4", "b", "r", "p", "c8", "b", "r", "p", "f", "d16", "d5"), 2),
    (("c4", "b", "r", "p", "c8", "b", "r", "p", "c8", "b", "r", "f", "d8", "o", "d3"), 3),
    (("c4", "b", "r", "c4", "b", "r", "p", "f", "d6"), 1),
    (("c4", "r", "p", "c4", "b", "r", "p", "f", "d8", "b", "d4"), 2),
    (("c4", "b", "r", "p", "c8", "b", "r", "p", "f", "d8", "d4"), 0),
]


def _flags(function: Callable[[Any, int], Any], spec: tuple[str, ...], n_top: int) -> np.ndarray:
    """Build the model of ``spec``, apply ``function(model, n_top)``, and return the trainable flag
    of every layer with weights (as 0.0 / 1.0, in order); a model whose own flag ends False counts as
    all frozen, since Keras then trains nothing in it."""
    model = _build(spec)
    function(model, n_top)
    flags = np.array([float(layer.trainable) for layer in model.layers if layer.weights])
    return flags if model.trainable else np.zeros_like(flags)


def _freeze_bn_trainable(model: Any, n_top: int) -> None:
    """A slip: batch normalisation in the top part left trainable (it would train in batch mode)."""
    layers = [layer for layer in model.layers if layer.weights]
    main = [layer for layer in layers if not _is_batch_norm(layer)]
    first_kept = main[len(main) - n_top] if n_top > 0 else None
    start = layers.index(first_kept) if first_kept is not None else len(layers)
    for index, layer in enumerate(layers):
        layer.trainable = index >= start


def _freeze_counting_bn(model: Any, n_top: int) -> None:
    """A slip: the top n_top layers with weights, batch normalisation counted among them."""
    layers = [layer for layer in model.layers if layer.weights]
    for index, layer in enumerate(layers):
        layer.trainable = index >= len(layers) - n_top and not _is_batch_norm(layer)


def _freeze_bottom(model: Any, n_top: int) -> None:
    """A slip: the first n_top layers kept trainable instead of the last."""
    main = [layer for layer in model.layers if layer.weights and not _is_batch_norm(layer)]
    keep = set(map(id, main[:n_top]))
    for layer in model.layers:
        layer.trainable = id(layer) in keep


def _freeze_one_too_many(model: Any, n_top: int) -> None:
    """A slip: n_top + 1 layers left trainable (an off-by-one in the slice)."""
    freeze_for_finetuning(model, n_top + 1)


def _freeze_negative_slice_slip(model: Any, n_top: int) -> None:
    """A slip: ``main[-n_top:]``, which is the whole list when n_top = 0."""
    main = [layer for layer in model.layers if layer.weights and not _is_batch_norm(layer)]
    for layer in model.layers:
        layer.trainable = False
    for layer in main[-n_top:]:
        layer.trainable = True


def _freeze_then_model_off(model: Any, n_top: int) -> None:
    """A slip: the right flags, then ``model.trainable = False``, which freezes every layer again."""
    freeze_for_finetuning(model, n_top)
    model.trainable = False


def _freeze_with_negative_slice(model: Any, n_top: int) -> None:
    """Another right answer: the layers' flags set with a negative slice (careful with n_top = 0)."""
    model.trainable = True
    main = [layer for layer in model.layers if layer.weights and not _is_batch_norm(layer)]
    for layer in model.layers:
        layer.trainable = False
    if n_top > 0:
        for layer in main[-n_top:]:
            layer.trainable = True


_VARIANTS_12_2 = {
    "keep every BatchNormalization layer frozen, also in the top part: a trainable one runs in training mode, "
    "normalises with the statistics of each small batch and overwrites the running averages learned in "
    "pretraining": _freeze_bn_trainable,
    "count only convolution and dense layers when you take the top n_top: batch-normalisation layers have "
    "weights too, but they are not among the layers you unfreeze": _freeze_counting_bn,
    "the top layers are the last ones, nearest the output (model.layers[-n_top:] of the convolution and "
    "dense layers), not the first ones": _freeze_bottom,
    "you left one layer too many trainable: check the slice, and that n_top = 0 freezes everything": (
        _freeze_one_too_many
    ),
    "with n_top = 0 every layer must end frozen: main[-0:] is the whole list, not an empty one; slice with "
    "main[len(main) - n_top:]": _freeze_negative_slice_slip,
    "you set model.trainable = False after choosing the layers: in Keras that freezes every layer inside the "
    "model again; set the model's own flag first (or not at all), then the layers'": _freeze_then_model_off,
}


def _check_12_2(answer: Any) -> str | None:
    if answer is None or answer is Ellipsis:
        raise Unanswered
    if callable(answer):
        spec, n_top = _SPECS_12_2[0]
        untouched = _flags(lambda m, n: None, spec, n_top)  # outside the time limit: imports Keras the first time
        got = run_code(lambda: _flags(answer, spec, n_top), (), seconds=30.0, name="freeze_for_finetuning")
        if np.array_equal(got, untouched):
            raise Unanswered("your function changed no layer's trainable flag")

    def wrap(function: Callable[[Any, int], Any]) -> Callable[[tuple[str, ...], int], np.ndarray]:
        return lambda spec, n_top: _flags(function, spec, n_top)

    return check_function(
        wrap(answer) if callable(answer) else answer,
        wrap(freeze_for_finetuning),
        _SPECS_12_2,
        variants={hint: wrap(function) for hint, function in _VARIANTS_12_2.items()},
        seconds=30.0,
        name="freeze_for_finetuning",
        advice="of the layers with weights that are not BatchNormalization, set trainable = True on the last "
        "n_top and False on the others; set trainable = False on every BatchNormalization layer",
    )


register(
    "12.2",
    reference=freeze_for_finetuning,
    kind="code",
    right=[_freeze_with_negative_slice],
    wrongs=[_freeze_bn_trainable, _freeze_counting_bn, _freeze_bottom, _freeze_then_model_off],
    solution=(
        "def freeze_for_finetuning(model, n_top):\n"
        "    main = [layer for layer in model.layers\n"
        "            if layer.weights and not isinstance(layer, keras.layers.BatchNormalization)]\n"
        "    top = main[len(main) - n_top:]          # not main[-n_top:], which is everything when n_top = 0\n"
        "    for layer in model.layers:\n"
        "        layer.trainable = any(layer is kept for kept in top)\n"
        "Every BatchNormalization layer ends frozen, and in Keras 3 a frozen one runs in inference mode: it\n"
        "normalises with the running averages of pretraining and leaves them alone. Call compile() after\n"
        "changing trainable flags: the flags are read when the training step is built."
    ),
)(_check_12_2)


# ---------------------------------------------------------------- 12.3: the NT-Xent loss


def _normalise(z: np.ndarray) -> np.ndarray:
    return z / np.linalg.norm(z, axis=1, keepdims=True)


def _log_softmax_rows(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def nt_xent(z1: Any, z2: Any, temperature: float) -> float:
    """The NT-Xent loss of SimCLR (Chen et al. 2020) for a batch of N pairs of embeddings.

    ``z1[i]`` and ``z2[i]`` (rows of two (N, d) arrays) embed two augmented views of image i. With the
    2N rows L2-normalised and stacked, u = [z1; z2], and the cosine similarities s_jk = u_j . u_k,
    each row j is an anchor whose positive p(j) is its pair's other view, and

        loss_j = -log( exp(s_j,p(j) / t) / sum_{k != j} exp(s_jk / t) ),

    the sum running over the 2N - 1 other rows (the positive included). The loss is the mean of the
    2N values.

    Example:
        >>> z = np.eye(2)
        >>> round(nt_xent(z, z, 1.0), 4)   # anchor e1: positive 1, two others 0: -1 + log(e + 2)
        0.5514
    """
    z1, z2 = np.asarray(z1, dtype=float), np.asarray(z2, dtype=float)
    if z1.ndim != 2 or z1.shape != z2.shape:
        raise ValueError(f"expected z1 and z2 of one shape (N, d), got {z1.shape} and {z2.shape}")
    n = len(z1)
    u = _normalise(np.concatenate([z1, z2]))
    logits = u @ u.T / temperature
    np.fill_diagonal(logits, -np.inf)
    positives = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(-_log_softmax_rows(logits)[np.arange(2 * n), positives].mean())


def _nt_xent_loops(z1: Any, z2: Any, temperature: float) -> float:
    """Another right answer: one anchor at a time."""
    u = np.concatenate([z1, z2])
    u = u / np.sqrt((u**2).sum(axis=1, keepdims=True))
    n, total = len(z1), 0.0
    for j in range(2 * n):
        p = (j + n) % (2 * n)
        sims = np.array([u[j] @ u[k] / temperature for k in range(2 * n) if k != j])
        total += -(u[j] @ u[p] / temperature) + np.log(np.exp(sims).sum())
    return total / (2 * n)


def _nt_xent_no_normalise(z1: Any, z2: Any, t: float) -> float:
    n = len(z1)
    u = np.concatenate([z1, z2])
    logits = u @ u.T / t
    np.fill_diagonal(logits, -np.inf)
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(-_log_softmax_rows(logits)[np.arange(2 * n), pos].mean())


def _nt_xent_with_self(z1: Any, z2: Any, t: float) -> float:
    n = len(z1)
    u = _normalise(np.concatenate([z1, z2]))
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(-_log_softmax_rows(u @ u.T / t)[np.arange(2 * n), pos].mean())


def _nt_xent_one_direction(z1: Any, z2: Any, t: float) -> float:
    """A slip: the z1 rows as anchors against the z2 rows only (the two-view InfoNCE of CLIP, one way)."""
    a, b = _normalise(np.asarray(z1, dtype=float)), _normalise(np.asarray(z2, dtype=float))
    n = len(a)
    return float(-_log_softmax_rows(a @ b.T / t)[np.arange(n), np.arange(n)].mean())


def _nt_xent_positive_left_out(z1: Any, z2: Any, t: float) -> float:
    n = len(z1)
    u = _normalise(np.concatenate([z1, z2]))
    logits = u @ u.T / t
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    positive = logits[np.arange(2 * n), pos]
    masked = logits.copy()
    np.fill_diagonal(masked, -np.inf)
    masked[np.arange(2 * n), pos] = -np.inf
    top = masked.max(axis=1, keepdims=True)
    log_denominator = np.log(np.exp(masked - top).sum(axis=1)) + top[:, 0]
    return float(np.mean(log_denominator - positive))


_VARIANTS_12_3 = {
    "L2-normalise each embedding first (divide each row by its length): NT-Xent compares cosine "
    "similarities, so the loss must not change when an embedding is scaled": _nt_xent_no_normalise,
    "leave each anchor's similarity with itself out of the denominator (it is always 1, the largest; mask the "
    "diagonal with -inf): the sum runs over the 2N - 1 other embeddings": _nt_xent_with_self,
    "divide the similarities by the temperature, s / t (a small t sharpens the softmax), not multiply": (
        lambda z1, z2, t: nt_xent(z1, z2, 1.0 / t)
    ),
    "you forgot the temperature: divide every similarity by t before the softmax": (
        lambda z1, z2, t: nt_xent(z1, z2, 1.0)
    ),
    "every one of the 2N embeddings is an anchor, and its negatives are all the 2N - 2 other embeddings of "
    "both views, not only the N of the other view": _nt_xent_one_direction,
    "keep the positive in the denominator: the loss is a softmax cross-entropy over the 2N - 1 others, "
    "positive included": _nt_xent_positive_left_out,
    "average the 2N anchors' losses (the mean), not their sum": lambda z1, z2, t: 2 * len(z1) * nt_xent(z1, z2, t),
}


def _nt_xent_cases() -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Hidden inputs: pairs of embeddings that are noisy copies of each other, with rows of
    different lengths (so that normalising matters), several sizes and temperatures."""
    rng = np.random.default_rng(1203)
    cases = []
    for n, d, t, noise in [(4, 3, 0.5, 0.5), (6, 8, 0.1, 0.3), (3, 2, 1.0, 1.0), (8, 5, 0.2, 0.6), (2, 4, 0.07, 0.4)]:
        base = rng.normal(size=(n, d))
        z1 = (base + noise * rng.normal(size=(n, d))) * rng.uniform(0.3, 3.0, size=(n, 1))
        z2 = (base + noise * rng.normal(size=(n, d))) * rng.uniform(0.3, 3.0, size=(n, 1))
        cases.append((z1, z2, t))
    return cases


_CASES_12_3 = _nt_xent_cases()


@register(
    "12.3",
    reference=nt_xent,
    kind="code",
    right=[_nt_xent_loops, lambda z1, z2, t: np.float32(nt_xent(z1, z2, t))],
    wrongs=[_nt_xent_no_normalise, _nt_xent_with_self, _nt_xent_one_direction, _nt_xent_positive_left_out],
    solution=(
        "def nt_xent(z1, z2, temperature):\n"
        "    n = len(z1)\n"
        "    u = np.concatenate([z1, z2])                          # (2N, d): both views\n"
        "    u = u / np.linalg.norm(u, axis=1, keepdims=True)      # unit length: dot products are cosines\n"
        "    logits = u @ u.T / temperature                        # (2N, 2N) similarities\n"
        "    np.fill_diagonal(logits, -np.inf)                     # an anchor is not its own candidate\n"
        "    positive = np.concatenate([np.arange(n, 2 * n), np.arange(n)])   # row j's other view\n"
        "    log_softmax = logits - scipy.special.logsumexp(logits, axis=1, keepdims=True)\n"
        "    return -log_softmax[np.arange(2 * n), positive].mean()\n"
        "Each row is a classification among the 2N - 1 other embeddings, with the other view of the same image\n"
        "as the right class: a cross-entropy, so TensorFlow's version is\n"
        "tf.nn.sparse_softmax_cross_entropy_with_logits(positive, logits) on the same logits."
    ),
    data={"example": {"z1": [[1.0, 0.0], [0.0, 1.0]], "z2": [[1.0, 0.0], [0.0, 1.0]], "temperature": 1.0}},
)
def _check_12_3(answer: Any) -> str | None:
    def diagnose(got: Any, case: Any, index: int) -> str | None:
        if np.ndim(got) != 0 and np.size(got) != 1:
            return (
                f"return one number, the mean loss over the 2N anchors; yours has shape {np.shape(got)} "
                "(take the mean of the per-anchor losses)"
            )
        if not np.isfinite(np.asarray(got, dtype=float)).all():
            return (
                "your loss is nan or inf: with -inf on the diagonal, subtract each row's largest finite "
                "value before exp (or use scipy.special.logsumexp), and never take log(0)"
            )
        return None

    return check_function(
        answer,
        nt_xent,
        _CASES_12_3,
        variants=_VARIANTS_12_3,
        diagnose=diagnose,
        advice="normalise the 2N rows, divide their dot products by t, mask the diagonal, then average "
        "-log softmax of each row at its pair's index",
        name="nt_xent",
    )
