"""Judging generated digits: a fixed MNIST classifier and the FID- and IS-style scores.

Lesson 06 builds these scores step by step for its GAN; lesson 14 scores its diffusion model
with the very same functions, beside the GAN of lesson 06 and the VAE of lesson 07, whose
samples those lessons save with :func:`save_samples`.

Images are arrays of shape ``(n, 28, 28, 1)`` with pixels in ``[-1, 1]`` (``-1`` background,
``1`` ink), the range a ``tanh`` generator draws in.

=============================  ====================================================
function                       what it does
=============================  ====================================================
:func:`build_judge`            the judge: a two-block CNN with a 128-unit ``features`` layer
:func:`train_judge`            build and train it, deterministically; returns a :class:`Judge`
:func:`feature_stats`          mean vector and covariance matrix of feature vectors
:func:`frechet_distance`       Fréchet distance between two Gaussians (FID's formula)
:func:`inception_score`        IS's formula on class probabilities
:func:`sample_scores`          FID-style, IS-style, mean confidence, smallest class share
:func:`save_samples`           keep 1,000 samples of a lesson's generator under ``runs/``
:func:`load_samples`           read them back (lesson 14)
:func:`as_8bit`                images as :func:`save_samples` keeps them, for a fair comparison
=============================  ====================================================

Introduced in lesson 06.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import DEFAULT_SEED, run_dir

IMAGE_SHAPE = (28, 28, 1)
SAMPLES_FILE = "samples.npz"


class SamplesMissing(FileNotFoundError):
    """A lesson's saved samples are not there: that lesson has not been run yet on this machine."""


def _check_images(images: Any, what: str = "images") -> np.ndarray:
    array = np.asarray(images)
    if array.ndim == 3 and array.shape[1:] == IMAGE_SHAPE[:2]:
        array = array[..., None]
    if array.ndim != 4 or array.shape[1:] != IMAGE_SHAPE:
        raise ValueError(f"{what} must have shape (n, 28, 28, 1) (or (n, 28, 28)), got {array.shape}")
    if len(array) == 0:
        raise ValueError(f"{what} is empty: pass at least one image")
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(
            f"{what} must hold floats with pixels in [-1, 1], got dtype {array.dtype} (scale x / 127.5 - 1)"
        )
    low, high = float(np.min(array)), float(np.max(array))
    if not np.isfinite([low, high]).all() or low < -1.01 or high > 1.01:
        raise ValueError(
            f"{what} must have pixels in [-1, 1], got values from {low:.3g} to {high:.3g} "
            "(for pixels in [0, 1] pass 2 * x - 1; for 0-255 pass x / 127.5 - 1)"
        )
    return array.astype("float32", copy=False)


def build_judge(seed: int = DEFAULT_SEED) -> Any:
    """The judge of lessons 06 and 14: two conv blocks, a 128-unit ``features`` layer, 10 classes.

    Every layer's initial weights come from ``seed``, so two judges built with the same seed and
    trained on the same data agree.

    Example:
        >>> judge = build_judge(seed=0)                       # doctest: +SKIP
        >>> judge.get_layer("features").units                 # doctest: +SKIP
        128
    """
    import keras
    from keras import layers

    def glorot(k: int) -> Any:
        return keras.initializers.GlorotUniform(seed=int(seed) * 100 + k)

    return keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            layers.Conv2D(32, 3, activation="relu", kernel_initializer=glorot(1)),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation="relu", kernel_initializer=glorot(2)),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(128, name="features", kernel_initializer=glorot(3)),
            layers.ReLU(),
            layers.Dense(10, activation="softmax", kernel_initializer=glorot(4)),
        ],
        name="judge",
    )


def _in_batches(model: Any, inputs: np.ndarray, batch_size: int = 500) -> np.ndarray:
    from keras import ops

    return np.concatenate(
        [
            ops.convert_to_numpy(model(inputs[i : i + batch_size], training=False))
            for i in range(0, len(inputs), batch_size)
        ]
    )


@dataclass
class Judge:
    """A trained judge: class probabilities and feature vectors for images in ``[-1, 1]``.

    ``features`` reads the 128-unit ``features`` layer before its ReLU, so that no unit is stuck
    at zero and the covariance matrix of the features stays invertible.
    """

    model: Any
    train_seconds: float

    def __post_init__(self) -> None:
        import keras

        self._features = keras.Model(self.model.inputs[0], self.model.get_layer("features").output)

    def probabilities(self, images: Any) -> np.ndarray:
        """Class probabilities, shape (n, 10)."""
        return _in_batches(self.model, _check_images(images))

    def features(self, images: Any) -> np.ndarray:
        """Feature vectors, shape (n, 128)."""
        return _in_batches(self._features, _check_images(images))

    def accuracy(self, images: Any, labels: Any) -> float:
        """Share of images whose most probable class is the label."""
        labels = np.asarray(labels)
        probs = self.probabilities(images)
        if labels.shape != (len(probs),):
            raise ValueError(f"labels must have shape ({len(probs)},), got {labels.shape}")
        return float(np.mean(probs.argmax(axis=1) == labels))


def train_judge(images: Any, labels: Any, epochs: int = 2, batch_size: int = 64, seed: int = DEFAULT_SEED) -> Judge:
    """Build the judge and train it with Adam on labelled real digits; deterministic for a seed.

    Example:
        >>> from course_lib import datasets
        >>> mnist = datasets.load_mnist(n_train=3000, val_size=0, channels=True)  # doctest: +SKIP
        >>> judge = train_judge(mnist.x_train * 2 - 1, mnist.y_train)          # doctest: +SKIP
        >>> judge.accuracy(mnist.x_test * 2 - 1, mnist.y_test) > 0.9           # doctest: +SKIP
        True
    """
    from . import datasets

    images = _check_images(images)
    labels = np.asarray(labels)
    if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be {len(images)} integer class labels, got shape {labels.shape} ({labels.dtype})"
        )
    if labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"labels must be digits 0-9, got values from {labels.min()} to {labels.max()}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    model = build_judge(seed)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(
        datasets.to_dataset(images, labels, batch_size=batch_size, shuffle=True, seed=seed),
        epochs=int(epochs),
        shuffle=False,  # the dataset reshuffles itself
        verbose=0,
    )
    return Judge(model, time.perf_counter() - start)


def feature_stats(features: Any) -> tuple[np.ndarray, np.ndarray]:
    """Mean vector and covariance matrix of feature vectors stored one per row.

    Example:
        >>> mu, sigma = feature_stats(np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]))
        >>> mu.tolist(), sigma.tolist()
        ([2.0, 3.0], [[4.0, 4.0], [4.0, 4.0]])
    """
    features = np.asarray(features, dtype="float64")
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f"features must be a (n, d) array with n >= 2 rows, got shape {features.shape}")
    return features.mean(axis=0), np.atleast_2d(np.cov(features, rowvar=False))


def frechet_distance(mu_a: Any, sigma_a: Any, mu_b: Any, sigma_b: Any) -> float:
    """Fréchet distance of two Gaussians: ``|mu_a - mu_b|^2 + Tr(Sa + Sb - 2 (Sa Sb)^(1/2))``.

    Example:
        >>> round(frechet_distance([0.0], [[1.0]], [3.0], [[4.0]]), 6)   # 9 + (1 + 4 - 2 * 2)
        10.0
    """
    import scipy.linalg

    mu_a, mu_b = np.atleast_1d(np.asarray(mu_a, dtype="float64")), np.atleast_1d(np.asarray(mu_b, dtype="float64"))
    sigma_a, sigma_b = (
        np.atleast_2d(np.asarray(sigma_a, dtype="float64")),
        np.atleast_2d(np.asarray(sigma_b, dtype="float64")),
    )
    d = mu_a.shape[0]
    if mu_a.shape != (d,) or mu_b.shape != (d,) or sigma_a.shape != (d, d) or sigma_b.shape != (d, d):
        raise ValueError(
            "expected two mean vectors of shape (d,) and two covariance matrices of shape (d, d), got "
            f"{mu_a.shape}, {sigma_a.shape}, {mu_b.shape}, {sigma_b.shape}"
        )
    covmean = scipy.linalg.sqrtm(sigma_a @ sigma_b).real  # round-off can add tiny imaginary parts
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * covmean))


def inception_score(probs: Any, eps: float = 1e-12) -> float:
    """``exp(mean KL(p(y|x) || p(y)))`` over images: 1 (one class, or unsure) to the number of classes.

    Example:
        >>> round(inception_score(np.eye(10)), 6), round(inception_score(np.full((5, 10), 0.1)), 6)
        (10.0, 1.0)
    """
    probs = np.asarray(probs, dtype="float64")
    if probs.ndim != 2 or len(probs) == 0:
        raise ValueError(f"probs must be a (n, classes) array of probabilities, got shape {probs.shape}")
    if probs.min() < 0 or not np.allclose(probs.sum(axis=1), 1, atol=1e-3):
        raise ValueError("each row of probs must be probabilities that sum to 1")
    p_y = probs.mean(axis=0, keepdims=True)  # the marginal p(y)
    kl = np.sum(probs * (np.log(probs + eps) - np.log(p_y + eps)), axis=1)  # one KL per image
    return float(np.exp(kl.mean()))


def sample_scores(
    judge: Judge, images: Any, reference: tuple[np.ndarray, np.ndarray]
) -> tuple[dict[str, float], np.ndarray]:
    """Score images against reference feature statistics (from :func:`feature_stats` of real digits).

    Returns the scores (``"FID-style"``, ``"IS-style"``, ``"mean confidence"``,
    ``"smallest class share"``) and the share of images the judge gives to each digit. FID-style
    depends on the number of images: compare it only at equal counts.

    Example:
        >>> scores, shares = sample_scores(judge, generated, (mu_train, sigma_train))  # doctest: +SKIP
        >>> sorted(scores)                                                           # doctest: +SKIP
        ['FID-style', 'IS-style', 'mean confidence', 'smallest class share']
    """
    images = _check_images(images)
    probs = judge.probabilities(images)
    shares = np.bincount(probs.argmax(axis=1), minlength=10) / len(images)
    scores = {
        "FID-style": frechet_distance(*feature_stats(judge.features(images)), *reference),
        "IS-style": inception_score(probs),
        "mean confidence": float(probs.max(axis=1).mean()),
        "smallest class share": float(shares.min()),
    }
    return scores, shares


def _samples_path(lesson: str) -> Any:
    if not isinstance(lesson, str) or not lesson[:2].isdigit() or "/" in lesson:
        raise ValueError(f"lesson must be a notebook name such as '06_gan', got {lesson!r}")
    return run_dir(lesson) / SAMPLES_FILE


def _levels(images: Any) -> np.ndarray:
    """Pixels in [-1, 1] clipped and rounded to the 256 levels 0, ..., 255 of an 8-bit image."""
    return np.round((np.clip(images, -1, 1) + 1) * 127.5)


def as_8bit(images: Any) -> np.ndarray:
    """The images as :func:`save_samples` keeps them: clipped to [-1, 1], rounded to 256 levels, float32.

    Score a lesson's own samples through this before comparing them with samples read back by
    :func:`load_samples`, so that both went through the same rounding.

    Example:
        >>> kept = as_8bit(np.array([-1.5, -0.999, 0.0, 0.5, 1.2], dtype="float32"))
        >>> kept.dtype, kept.astype(float).round(4).tolist()
        (dtype('float32'), [-1.0, -1.0, 0.0039, 0.498, 1.0])
    """
    return (_levels(images) / 127.5 - 1).astype("float32")


def save_samples(lesson: str, images: Any, **info: Any) -> Any:
    """Keep a lesson's generated images (pixels in [-1, 1]) and facts about them under ``runs/lesson/``.

    Stored as 8-bit images (what a PNG would keep) with ``info`` (for example the model's name,
    its training seconds and the seconds it took to draw them) and the run mode. Returns the path.

    Example:
        >>> path = save_samples("00_example", np.zeros((3, 28, 28, 1), "float32"), model="demo")
        >>> path.name
        'samples.npz'
    """
    from .config import get_mode

    images = _check_images(images)
    pixels = _levels(images).astype("uint8")
    record = {"mode": get_mode(), "count": len(images), **info}
    path = _samples_path(lesson)
    np.savez_compressed(path, images=pixels, info=json.dumps(record, default=float))
    return path


def load_samples(lesson: str) -> tuple[np.ndarray, dict[str, Any]]:
    """Read back what :func:`save_samples` kept: images in [-1, 1], shape (n, 28, 28, 1), and their facts.

    Raises :class:`SamplesMissing`, saying which lesson to run, if that lesson has not saved any.

    Example:
        >>> images, info = load_samples("06_gan")          # doctest: +SKIP
        >>> images.shape, info["mode"]                     # doctest: +SKIP
        ((1000, 28, 28, 1), 'full')
    """
    path = _samples_path(lesson)
    if not path.is_file():
        raise SamplesMissing(
            f"No saved samples of lesson {lesson} (runs/{lesson}/{SAMPLES_FILE} is missing): run notebooks/{lesson}.ipynb "
            "on this machine first (it saves 1,000 samples at the end of its scoring section)."
        )
    with np.load(path) as stored:
        images = stored["images"].astype("float32") / 127.5 - 1
        info = json.loads(str(stored["info"]))
    return images, info
