"""Run modes, seeding and the one-call notebook setup.

The run mode is read from one environment variable, ``COURSE_MODE``, here and nowhere else:

* ``full`` (the default for a learner): the complete datasets and enough epochs for real results;
* ``fast`` (set by ``make test``, ``pytest`` and CI): small subsets and few epochs, so that every
  notebook runs top to bottom in about a minute on a 2-core CPU.

Introduced in lesson 01.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

MODE_ENV = "COURSE_MODE"
MODES = ("fast", "full")
MUTATION_ENV = "COURSE_MUTATION"
MUTATIONS = ("frozen_optimizer", "shuffled_labels")
DEFAULT_MODE = "full"
DEFAULT_SEED = 42

T = TypeVar("T")


@contextlib.contextmanager
def silenced_stderr() -> Iterator[None]:
    """Send the process's standard error (file descriptor 2) to /dev/null for a moment.

    TensorFlow's C++ runtime logs at import and at device discovery before any Python setting
    can quiet it; this hides that noise. Python exceptions still propagate normally.

    Example:
        >>> with silenced_stderr():
        ...     import tensorflow
    """
    fd = 2  # the OS-level stderr, which Jupyter kernels also forward to the notebook
    try:
        sys.stderr.flush()
        saved = os.dup(fd)
    except (AttributeError, OSError, ValueError):  # no real file descriptor (some IDEs)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def get_mode() -> str:
    """Return the run mode, ``"fast"`` or ``"full"``, from the ``COURSE_MODE`` variable.

    Unset or empty means ``"full"``. Any other value raises ``ValueError``.

    Example:
        >>> get_mode() in ("fast", "full")
        True
    """
    return _env_choice(MODE_ENV, MODES, DEFAULT_MODE, "or unset for 'full'") or DEFAULT_MODE  # never None


def get_mutation() -> str | None:
    """Maintainers only: the mutation named by ``COURSE_MUTATION``, or None (a learner's run).

    ``make mutate`` (:mod:`course_lib.mutate`) sets it to break learning on purpose and checks
    that every lesson then fails: ``frozen_optimizer`` makes every Keras optimizer's update do
    nothing (applied by :func:`setup`); ``shuffled_labels`` makes the loaders of
    :mod:`course_lib.datasets` return training labels in a random order. Unset or empty means
    None; any other value raises ``ValueError``.

    Example:
        >>> get_mutation() is None or get_mutation() in MUTATIONS
        True
    """
    return _env_choice(MUTATION_ENV, MUTATIONS, None, "or unset")


def _env_choice(name: str, choices: tuple[str, ...], unset: str | None, unset_words: str) -> str | None:
    """The lower-cased value of environment variable ``name``: ``unset`` if empty, else one of ``choices``."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return unset
    if raw not in choices:
        raise ValueError(f"{name} must be one of {choices} ({unset_words}), got {raw!r}")
    return raw


def is_fast() -> bool:
    """True in fast mode.

    Example:
        >>> n_train = 2_000 if is_fast() else 60_000
    """
    return get_mode() == "fast"


def pick(fast: T, full: T) -> T:
    """Choose a value by run mode: ``fast`` in fast mode, ``full`` in full mode.

    Example:
        >>> epochs = pick(fast=2, full=15)
    """
    return fast if is_fast() else full


def repo_root() -> Path:
    """The course repository's top folder (the one holding ``pyproject.toml`` and ``data/``).

    Example:
        >>> (repo_root() / "data").is_dir()
        True
    """
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").is_file():
        return here
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "pyproject.toml").is_file() and (folder / "course_lib").is_dir():
            return folder
    raise FileNotFoundError(
        "Could not find the course repository (a folder with pyproject.toml and course_lib/). "
        "Run from inside a clone of the course, or install it with `pip install -e .`."
    )


def run_dir(*parts: str) -> Path:
    """A folder under the repository's ignored ``runs/`` folder, created if needed.

    Logs, checkpoints and saved models go here, never outside the repository.
    ``COURSE_RUN_DIR`` overrides the base folder (the test suite points it at a temporary folder).

    Example:
        >>> ckpt = run_dir("02_mlp") / "best.keras"
    """
    for part in parts:
        if not part or Path(part).is_absolute() or ".." in Path(part).parts:
            raise ValueError(f"run_dir parts must be plain relative names, got {part!r}")
    base = Path(os.environ["COURSE_RUN_DIR"]) if os.environ.get("COURSE_RUN_DIR") else repo_root() / "runs"
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python's ``random``, NumPy and TensorFlow (through ``keras.utils.set_random_seed``).

    Example:
        >>> seed_everything(0)
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    with silenced_stderr():  # TensorFlow's C++ start-up chatter ignores TF_CPP_MIN_LOG_LEVEL
        import keras

    random.seed(int(seed))
    np.random.seed(int(seed))
    keras.utils.set_random_seed(int(seed))


def describe_device() -> str:
    """Name the accelerator TensorFlow will use: ``"GPU (n)"``, ``"TPU"`` or ``"CPU"``.

    Keras places work on a GPU automatically when TensorFlow sees one; this only reports it.

    Example:
        >>> describe_device().startswith(("CPU", "GPU", "TPU"))
        True
    """
    import tensorflow as tf

    with silenced_stderr():
        gpus = tf.config.list_physical_devices("GPU")
        tf.constant(0.0).numpy()  # first op: device initialisation logs happen here
    if gpus:
        return f"GPU ({len(gpus)}: {', '.join(g.name for g in gpus)})"
    if tf.config.list_physical_devices("TPU"):
        return "TPU"
    return f"CPU ({os.cpu_count()} cores)"


@dataclass(frozen=True)
class Config:
    """What ``setup()`` decided: mode, seed and the versions in use."""

    mode: str
    seed: int
    device: str
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def fast(self) -> bool:
        """True in fast mode."""
        return self.mode == "fast"

    def pick(self, fast: T, full: T) -> T:
        """Same as :func:`pick`, bound to this configuration's mode.

        Example:
            >>> cfg = setup()  # doctest: +SKIP
            >>> n = cfg.pick(fast=2_000, full=60_000)  # doctest: +SKIP
        """
        return fast if self.fast else full


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ and Python log noise (safe to call before or after import).

    Example:
        >>> quiet_tensorflow()
        >>> import logging; logging.getLogger("tensorflow").level == logging.ERROR
        True
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    import absl.logging

    absl.logging.set_verbosity(absl.logging.ERROR)


def setup(seed: int = DEFAULT_SEED, deterministic: bool = True, verbose: bool = True) -> Config:
    """Prepare a notebook: seed everything, make TF ops deterministic, quiet logs, report.

    Call it once, in a notebook's setup cell. It prints the TensorFlow and Keras versions,
    the run mode and the device, and returns a :class:`Config`.

    Example:
        >>> cfg = setup()                        # doctest: +SKIP
        >>> epochs = cfg.pick(fast=2, full=10)   # doctest: +SKIP
    """
    mode = get_mode()
    quiet_tensorflow()
    with silenced_stderr():  # TensorFlow's C++ start-up chatter ignores TF_CPP_MIN_LOG_LEVEL
        import keras
        import tensorflow as tf

    tf.get_logger().setLevel("ERROR")  # no INFO lines such as "Assets written to: <a machine path>"
    mutation = get_mutation()
    if mutation == "frozen_optimizer":  # maintainers' `make mutate` only; never set in a lesson
        from .mutate import freeze_optimizers

        freeze_optimizers()
    seed_everything(seed)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    import matplotlib

    matplotlib.rcParams.update({"figure.dpi": 80, "savefig.dpi": 80, "figure.figsize": (6.0, 4.0)})
    cfg = Config(
        mode=mode,
        seed=seed,
        device=describe_device(),
        versions={
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
    )
    if verbose:
        v = cfg.versions
        print(
            f"TensorFlow {v['tensorflow']} · Keras {v['keras']} · NumPy {v['numpy']} · "
            f"mode: {mode} · device: {cfg.device} · seed: {seed}"
        )
        if mutation:
            print(f"MUTATION {mutation} ({MUTATION_ENV}): learning is broken on purpose")
    return cfg
