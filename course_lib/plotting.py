"""Plots every lesson needs. Each function titles and labels its axes and returns the figure.

Introduced in lesson 01 (activations, decision boundary) and 02 (history, image grid,
confusion matrix); lessons 06 and 07 add sample grids and latent-space maps, lesson 09 attribution
overlays and reliability diagrams.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

ActivationFn = Callable[[np.ndarray], np.ndarray]


def _history_dict(history: Any) -> dict[str, list[float]]:
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise ValueError(
            "expected a Keras History (from model.fit) or a non-empty dict of metric lists, "
            f"got {type(history).__name__}"
        )
    return {str(k): list(v) for k, v in data.items()}


def _check_positive_int(name: str, value: Any) -> None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive integer, got {value!r} ({type(value).__name__})")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def plot_history(history: Any, metrics: Sequence[str] | None = None, title: str = "Training curves") -> Figure:
    """Plot loss and metrics per epoch, training against validation, one panel per metric.

    Args:
        history: the ``History`` returned by ``model.fit`` or its ``.history`` dict.
        metrics: names to plot (default: every metric that is not a ``val_`` twin).
        title: the figure title.

    Example:
        >>> history = model.fit(x, y, validation_split=0.1, epochs=5)  # doctest: +SKIP
        >>> fig = plot_history(history)                                # doctest: +SKIP
    """
    data = _history_dict(history)
    if isinstance(metrics, str):  # one metric name: plot_history(history, "loss")
        metrics = [metrics]
    names = list(metrics) if metrics is not None else [k for k in data if not k.startswith("val_")]
    missing = [m for m in names if m not in data]
    if missing or not names:
        raise ValueError(f"metrics {missing or names} not in history; it has {sorted(data)}")
    fig, axes = plt.subplots(1, len(names), figsize=(4.5 * len(names), 3.5), squeeze=False)
    for ax, name in zip(axes[0], names):
        epochs = np.arange(1, len(data[name]) + 1)
        ax.plot(epochs, data[name], "o-", label="train")
        if f"val_{name}" in data:
            ax.plot(epochs, data[f"val_{name}"], "s--", label="validation")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_histories(
    histories: Mapping[str, Any],
    metrics: str | Sequence[str],
    title: str = "Training curves compared",
    with_validation: bool = False,
) -> Figure:
    """Overlay the training histories of several runs: one panel per metric, one colour per run.

    Args:
        histories: maps a run's name (``"adam"``, ``"dropout 0.5"``) to its ``History`` from
            ``model.fit`` or that history's ``.history`` dict.
        metrics: one metric name or several (``"loss"``, ``["loss", "val_accuracy"]``).
        title: the figure title.
        with_validation: also draw each metric's ``val_`` twin, dashed, in the run's colour.

    Epochs are counted from 1 with whole-number ticks; runs may have different lengths (early
    stopping). Returns the figure; ``fig.axes[0].set_yscale("log")`` adjusts a panel afterwards.
    Introduced in lesson 02.

    Example:
        >>> runs = {"sgd": {"loss": [1.0, 0.6, 0.5]}, "adam": {"loss": [0.8, 0.3]}}
        >>> fig = plot_histories(runs, "loss", title="Two optimizers")
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['sgd', 'adam']
    """
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError(f"histories must map at least one run name to a History or dict, got {histories!r:.80}")
    names = [metrics] if isinstance(metrics, str) else list(metrics) if isinstance(metrics, Sequence) else []
    if not names or not all(isinstance(m, str) for m in names):
        raise TypeError(f"metrics must be a metric name or a list of names such as ['loss'], got {metrics!r}")
    runs = {str(run): _history_dict(history) for run, history in histories.items()}
    for run, data in runs.items():
        missing = [m for m in names if m not in data or (with_validation and f"val_{m}" not in data)]
        if missing:
            raise ValueError(f"run {run!r} has no {missing} (with_validation={with_validation}); it has {sorted(data)}")
    fig, axes = plt.subplots(1, len(names), figsize=(5.0 * len(names), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], names):
        for k, (run, data) in enumerate(runs.items()):
            colour = f"C{k % 10}"
            ax.plot(
                np.arange(1, len(data[metric]) + 1),
                data[metric],
                "o-",
                ms=3,
                color=colour,
                label=f"{run} (train)" if with_validation else run,
            )
            if with_validation:
                val = data[f"val_{metric}"]
                ax.plot(np.arange(1, len(val) + 1), val, "s--", ms=3, color=colour, label=f"{run} (validation)")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        label = metric.replace("val_", "validation ").replace("_", " ")
        ax.set_ylabel(label)
        ax.set_title(label)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_image_grid(
    images: np.ndarray,
    labels: Sequence[Any] | np.ndarray | None = None,
    predictions: Sequence[Any] | np.ndarray | None = None,
    ncols: int = 8,
    title: str = "Images",
    class_names: Sequence[str] | None = None,
    cmap: str = "gray",
) -> Figure:
    """Show images in a grid, with true labels and (optionally) predictions; mistakes in red.

    Args:
        images: array (n, h, w), (n, h, w, 1) or (n, h, w, 3); values in [0, 1] or 0-255.
        labels: true labels, one per image (optional).
        predictions: predicted labels, one per image (optional); a wrong one gets a red title.
        ncols: images per row.
        title: the figure title.
        class_names: names to show instead of integer labels.

    Example:
        >>> fig = plot_image_grid(mnist.x_test[:16], mnist.y_test[:16], preds[:16])  # doctest: +SKIP
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"expected a non-empty batch of images shaped (n, h, w[, c]), got shape {images.shape}")
    n = len(images)
    for name, seq in (("labels", labels), ("predictions", predictions)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"{name} must have one entry per image ({n}), got {len(seq)}")
    _check_positive_int("ncols", ncols)

    def name_of(value: Any) -> str:
        return str(class_names[int(value)]) if class_names is not None else str(value)

    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    title_lines = (labels is not None) + (predictions is not None)  # each caption line needs room
    row_height = 1.25 + 0.25 * title_lines
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.25 * ncols, row_height * nrows + 0.4), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap if images.ndim == 3 else None)
        parts, color = [], "black"
        if labels is not None:
            parts.append(f"true {name_of(labels[i])}")
        if predictions is not None:
            parts.append(f"pred {name_of(predictions[i])}")
            if labels is not None and predictions[i] != labels[i]:
                color = "red"
        if parts:
            ax.set_title("\n".join(parts), fontsize=8, color=color)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(
    y_true: Sequence[int] | np.ndarray,
    y_pred: Sequence[int] | np.ndarray,
    class_names: Sequence[str] | None = None,
    normalize: bool = False,
    title: str = "Confusion matrix",
    errors_only: bool = False,
) -> Figure:
    """Plot the confusion matrix (rows: true class, columns: predicted class) with counts.

    Uses ``sklearn.metrics.confusion_matrix``; ``normalize=True`` shows each row as fractions.
    ``errors_only=True`` leaves the diagonal (the correct answers) blank, so that the colour scale
    is spent on the mistakes, which a 98%-accurate classifier otherwise shows as near-white cells.

    Example:
        >>> fig = plot_confusion_matrix(mnist.y_test, preds)  # doctest: +SKIP
    """
    from sklearn.metrics import confusion_matrix

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1 or len(y_true) == 0:
        raise ValueError(
            f"y_true and y_pred must be equal-length 1-D label arrays, got {y_true.shape} and {y_pred.shape}"
        )
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
            raise TypeError(
                f"{name} must hold class numbers 0, 1, 2, ... (integers), got dtype {labels.dtype}"
                " (for probabilities or logits, take argmax(axis=-1) first)"
            )
    n_classes = len(class_names) if class_names is not None else int(max(y_true.max(), y_pred.max())) + 1
    matrix = confusion_matrix(y_true, y_pred, labels=np.arange(n_classes)).astype(float)
    if normalize:
        matrix = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    if errors_only:
        np.fill_diagonal(matrix, np.nan)
    names = list(class_names) if class_names is not None else [str(i) for i in range(n_classes)]
    size = max(4.0, 0.45 * n_classes + 1.5)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    im = ax.imshow(np.ma.masked_invalid(matrix), cmap="Blues")
    label = "fraction of row" if normalize else "count"
    fig.colorbar(im, ax=ax, fraction=0.046, label=f"{label} (diagonal left blank)" if errors_only else label)
    ax.set_xticks(range(n_classes), names, rotation=45 if n_classes > 10 else 0)
    ax.set_yticks(range(n_classes), names)
    threshold = np.nanmax(matrix) / 2 if np.isfinite(matrix).any() else 0.0
    for i in range(n_classes):
        for j in range(n_classes):
            if np.isnan(matrix[i, j]):
                continue
            text = f"{matrix[i, j]:.2f}" if normalize else f"{int(matrix[i, j])}"
            ax.text(
                j, i, text, ha="center", va="center", fontsize=7, color="white" if matrix[i, j] > threshold else "black"
            )
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    title: str = "Decision boundary",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
    resolution: int = 200,
    margin: float = 0.5,
) -> Figure:
    """Shade the regions a 2-D classifier assigns to each class and scatter the data on top.

    Args:
        predict: maps an (n, 2) array to n class labels or probabilities of class 1
            (probabilities are thresholded at 0.5; an (n, k) output takes its argmax).
        x: the (n, 2) inputs; y: their n labels.

    Example:
        >>> fig = plot_decision_boundary(lambda p: (p.sum(1) > 1).astype(int), x, y)  # doctest: +SKIP
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (n, 2) for a 2-D boundary, got {x.shape}")
    if len(y) != len(x):
        raise ValueError(f"y must have one label per point ({len(x)}), got {len(y)}")
    x0 = np.linspace(x[:, 0].min() - margin, x[:, 0].max() + margin, resolution)
    x1 = np.linspace(x[:, 1].min() - margin, x[:, 1].max() + margin, resolution)
    grid0, grid1 = np.meshgrid(x0, x1)
    out = np.asarray(predict(np.c_[grid0.ravel(), grid1.ravel()]))
    if out.ndim == 2 and out.shape[1] > 1:
        out = out.argmax(axis=1)
    out = out.reshape(-1)
    if out.dtype.kind == "f" and not np.all(np.isin(out, np.unique(y))):
        out = (out > 0.5).astype(int)
    fig, ax = plt.subplots(figsize=(5, 4.2))
    ax.contourf(grid0, grid1, out.reshape(grid0.shape), alpha=0.3, cmap="coolwarm")
    scatter = ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=25)
    ax.legend(*scatter.legend_elements(), title="class", loc="best")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_activations(
    functions: Mapping[str, ActivationFn],
    z: np.ndarray | None = None,
    title: str = "Activation functions",
) -> Figure:
    """Plot activation functions of one variable side by side, e.g. step, sigmoid, tanh, ReLU.

    Example:
        >>> fig = plot_activations({"ReLU": lambda z: np.maximum(0, z)})
    """
    if not functions:
        raise ValueError("functions must map at least one name to a function of an array")
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    fig, axes = plt.subplots(1, len(functions), figsize=(3.2 * len(functions), 3.0), squeeze=False)
    for ax, (name, fn) in zip(axes[0], functions.items()):
        values = np.asarray(fn(z))
        if values.shape != z.shape:
            raise ValueError(f"activation {name!r} returned shape {values.shape} for input shape {z.shape}")
        ax.plot(z, values, lw=2)
        ax.axhline(0, color="gray", lw=0.5)
        ax.axvline(0, color="gray", lw=0.5)
        ax.set_xlabel("z (weighted sum)")
        ax.set_ylabel(f"{name}(z)")
        ax.set_title(name)
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_latent_space(
    codes: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    title: str = "Latent space",
    xlabel: str = "$z_1$",
    ylabel: str = "$z_2$",
) -> Figure:
    """Scatter 2-D latent codes, one colour per class with a legend (lesson 07; use PCA first for wider codes).

    Example:
        >>> fig = plot_latent_space(encoder.predict(x_test), y_test)  # doctest: +SKIP
    """
    codes, labels = np.asarray(codes), np.asarray(labels)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2), got {codes.shape}")
    if len(labels) != len(codes):
        raise ValueError(f"labels must have one entry per code ({len(codes)}), got {len(labels)}")
    fig, ax = plt.subplots(figsize=(6.2, 4.5))
    colours = plt.get_cmap("tab10")
    for k, label in enumerate(np.unique(labels)):  # one colour and one legend entry per class
        members = labels == label
        ax.scatter(codes[members, 0], codes[members, 1], color=colours(k % 10), s=4, alpha=0.7, label=str(label))
    ax.legend(title="class", markerscale=3, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_sample_grid(images: np.ndarray, nrows: int, title: str = "Samples") -> Figure:
    """Tile images into one picture with ``nrows`` rows (generator samples, decoded latent grids).

    Example:
        >>> fig = plot_sample_grid(generator(noise), nrows=4, title="Epoch 5")  # doctest: +SKIP
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"expected grayscale images shaped (n, h, w[, 1]), got {images.shape}")
    _check_positive_int("nrows", nrows)
    if len(images) % nrows:
        raise ValueError(f"nrows must be positive and divide the {len(images)} images, got {nrows}")
    ncols = len(images) // nrows
    h, w = images.shape[1:]
    tiled = images.reshape(nrows, ncols, h, w).transpose(0, 2, 1, 3).reshape(nrows * h, ncols * w)
    fig, ax = plt.subplots(figsize=(0.6 * ncols + 0.5, 0.6 * nrows + 0.6))
    ax.imshow(tiled, cmap="gray")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"{ncols} columns")
    ax.set_ylabel(f"{nrows} rows")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_image_rows(rows: Mapping[str, np.ndarray], title: str = "Images") -> Figure:
    """Show equally long batches of images one row each, the row's name on its left.

    Made for before/after comparisons: originals, reconstructions, noisy and denoised digits.
    All rows share one grey scale: black 0, white 1 (wider only if some image leaves [0, 1]).

    Args:
        rows: maps a row name (e.g. ``"original"``) to images shaped (n, h, w) or (n, h, w, 1);
            every row holds the same number n of images.
        title: the figure title.

    Example:
        >>> fig = plot_image_rows({"original": x[:8], "reconstructed": model.predict(x[:8])})  # doctest: +SKIP

    Introduced in lesson 07.
    """
    if not rows:
        raise ValueError("rows must map at least one row name to a batch of images")
    batches = {}
    for name, images in rows.items():
        images = np.asarray(images)
        if images.ndim == 4 and images.shape[-1] == 1:
            images = images[..., 0]
        if images.ndim != 3 or len(images) == 0:
            raise ValueError(f"row {name!r}: expected grayscale images shaped (n, h, w[, 1]), got {images.shape}")
        batches[str(name)] = images
    lengths = {len(images) for images in batches.values()}
    if len(lengths) != 1:
        raise ValueError(f"every row must hold the same number of images, got {sorted(lengths)}")
    ncols = lengths.pop()
    # one grey scale for every row, so rows can be compared: [0, 1] unless some image goes beyond it
    vmin = min(0.0, *(float(images.min()) for images in batches.values()))
    vmax = max(1.0, *(float(images.max()) for images in batches.values()))
    fig, axes = plt.subplots(len(batches), ncols, figsize=(0.9 * ncols + 1.2, 0.95 * len(batches) + 0.6), squeeze=False)
    for r, (name, images) in enumerate(batches.items()):
        for c in range(ncols):
            ax = axes[r, c]
            ax.imshow(images[c], cmap="gray", vmin=vmin, vmax=vmax)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _as_batch_of_maps(name: str, values: Any) -> np.ndarray:
    """(n, h, w) float array from (n, h, w) or (n, h, w, 1), or ValueError."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim != 3 or len(array) == 0:
        raise ValueError(f"{name}: expected a batch of grey-scale maps shaped (n, h, w[, 1]), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: the values contain inf or nan")
    return array


def plot_attributions(
    images: np.ndarray,
    attributions: Mapping[str, np.ndarray],
    captions: Sequence[str] | None = None,
    title: str = "Attributions",
) -> Figure:
    """Lay attribution maps over their images: one row per method, one column per image.

    The first row shows the images; each following row shows one method's map over the image
    (grey underneath), red where the attribution is positive (the pixel raised the class score),
    blue where it is negative. Each map is divided by its own largest absolute value, so every
    panel spans [-1, 1] and shares one colour bar: compare where a map puts its weight, not its scale.

    Args:
        images: the inputs, (n, h, w) or (n, h, w, 1).
        attributions: maps a method's name to its maps, one per image, shaped like ``images``.
        captions: one caption per column (for example ``"pred 7"``), optional.
        title: the figure title.

    Example:
        >>> images = np.random.default_rng(0).random((3, 8, 8))
        >>> fig = plot_attributions(images, {"gradient": images - 0.5}, captions=["a", "b", "c"])
        >>> [ax.get_ylabel() for ax in fig.axes[:6:3]]
        ['input', 'gradient']

    Introduced in lesson 09.
    """
    batch = _as_batch_of_maps("images", images)
    if not isinstance(attributions, Mapping) or not attributions:
        raise ValueError("attributions must map at least one method name to its maps, one per image")
    maps = {str(name): _as_batch_of_maps(f"attributions[{name!r}]", m) for name, m in attributions.items()}
    for name, m in maps.items():
        if m.shape != batch.shape:
            raise ValueError(f"attributions[{name!r}] has shape {m.shape}; expected one map per image, {batch.shape}")
    n = len(batch)
    if captions is not None and len(captions) != n:
        raise ValueError(f"captions must hold one caption per image ({n}), got {len(captions)}")
    fig, axes = plt.subplots(len(maps) + 1, n, figsize=(1.3 * n + 1.6, 1.3 * (len(maps) + 1) + 0.5), squeeze=False)
    shown = None
    for c in range(n):
        axes[0, c].imshow(batch[c], cmap="gray")
        if captions is not None:
            axes[0, c].set_title(str(captions[c]), fontsize=8)
        for r, m in enumerate(maps.values(), start=1):
            scale = max(float(np.abs(m[c]).max()), 1e-12)
            axes[r, c].imshow(batch[c], cmap="gray", alpha=0.5)
            shown = axes[r, c].imshow(m[c] / scale, cmap="RdBu_r", vmin=-1, vmax=1, alpha=0.8)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    for r, name in enumerate(["input", *maps]):
        axes[r, 0].set_ylabel(name, fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    fig.colorbar(
        shown, ax=axes[1:, :].ravel().tolist(), fraction=0.02, pad=0.02, label="attribution / max |attribution|"
    )
    return fig


def plot_reliability(
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
    n_bins: int = 15,
    title: str = "Reliability diagram",
) -> Figure:
    """Reliability diagram: accuracy against confidence, in equal-width confidence bins.

    For each curve, the predictions are put in ``n_bins`` bins of confidence, (0, 1/n_bins],
    (1/n_bins, 2/n_bins], ...; a point is drawn at each non-empty bin's mean confidence and
    accuracy. A calibrated model lies on the diagonal; below it, the model is over-confident.
    The lower panel shows the share of predictions in each bin (log scale: most predictions of
    an accurate model sit in the top bin), so that sparse, noisy bins can be told apart.

    Args:
        curves: maps a name to ``(confidences, correct)``: the probability the model gave its
            predicted class, in [0, 1], and whether that prediction was right (bool or 0/1).
        n_bins: the number of equal-width bins.
        title: the figure title.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> confidence = rng.uniform(0.5, 1.0, 1000)
        >>> fig = plot_reliability({"calibrated": (confidence, rng.random(1000) < confidence)}, n_bins=10)
        >>> fig.axes[1].get_xlabel(), fig.axes[0].get_ylabel()
        ('confidence (mean in the bin)', 'accuracy in the bin')

    Introduced in lesson 09.
    """
    _check_positive_int("n_bins", n_bins)
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError("curves must map at least one name to a pair (confidences, correct)")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.2, 5.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    top.plot([0, 1], [0, 1], "k--", lw=1, label="perfect calibration")
    width = 1.0 / n_bins / (len(curves) + 1)
    for k, (name, pair) in enumerate(curves.items()):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"curves[{name!r}] must be a pair (confidences, correct), got {type(pair).__name__}")
        confidence = np.asarray(pair[0], dtype=float).ravel()
        correct = np.asarray(pair[1]).ravel()
        if len(confidence) == 0 or len(confidence) != len(correct):
            raise ValueError(
                f"curves[{name!r}]: expected as many correctness flags as confidences (at least one), "
                f"got {len(confidence)} and {len(correct)}"
            )
        if not np.all(np.isfinite(confidence)) or confidence.min() < 0 or confidence.max() > 1:
            raise ValueError(f"curves[{name!r}]: confidences must be probabilities in [0, 1]")
        if not np.all(np.isin(correct, (0, 1))):
            raise ValueError(f"curves[{name!r}]: correct must hold True/False (or 1/0), one per prediction")
        correct = correct.astype(float)
        which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
        counts = np.bincount(which, minlength=n_bins)
        used = counts > 0
        mean_conf = np.bincount(which, confidence, n_bins)[used] / counts[used]
        accuracy = np.bincount(which, correct, n_bins)[used] / counts[used]
        colour = f"C{k % 10}"
        top.plot(mean_conf, accuracy, "o-", ms=4, color=colour, label=name)
        bottom.bar(edges[:-1] + (k + 0.5) * width, counts / counts.sum(), width=width, color=colour, align="edge")
    top.set(xlim=(0, 1), ylim=(0, 1.02), ylabel="accuracy in the bin", title=title)
    top.grid(alpha=0.3)
    top.legend(fontsize=8, loc="upper left")
    bottom.set_yscale("log")
    bottom.set(xlabel="confidence (mean in the bin)", ylabel="share of\npredictions")
    bottom.grid(alpha=0.3)
    fig.tight_layout()
    return fig
