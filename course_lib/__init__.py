"""course_lib: the shared helpers of the deep-learning course.

Modules, one concern each:

* :mod:`course_lib.config`   run modes (``COURSE_MODE``), seeding, ``setup()``
* :mod:`course_lib.datasets` the real, checksum-verified data in ``data/``
* :mod:`course_lib.plotting` training curves, image grids, confusion matrices, boundaries
* :mod:`course_lib.check`    self-checking exercises
* :mod:`course_lib.text`     the text baselines: character n-grams (lessons 04, 05), TF-IDF + logistic regression (05, 13)
* :mod:`course_lib.distributed` worker processes on loopback for multi-worker training (lesson 11)
* :mod:`course_lib.generative` the judge and the FID- and IS-style scores of generated digits (06, 14)
* :mod:`course_lib.transformer` lesson 05's position encoding and encoder block (13, 14)
* :mod:`course_lib.reporting` headline metrics for the runner; another lesson's full-mode figures (``full_result``)
* :mod:`course_lib.run`      the notebook runner (``python -m course_lib.run``)
"""

from __future__ import annotations

import os

# Before TensorFlow is first imported; 3 also hides spurious C++ error lines.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .config import run_dir  # noqa: E402

# Keras keeps its config and caches under KERAS_HOME (default ~/.keras): keep them in runs/.
os.environ.setdefault("KERAS_HOME", str(run_dir("keras_home")))

# TensorFlow is not imported here, so `import course_lib` stays light (the runner, the tests of
# the data loaders, a learner's `check.solution`); `setup()` imports it, with its start-up chatter hidden.
from .config import get_mode, is_fast, pick, repo_root, run_dir, seed_everything, setup  # noqa: E402
from .reporting import full_result, report  # noqa: E402

__version__ = "0.1.0"

__all__ = ["get_mode", "is_fast", "pick", "repo_root", "run_dir", "seed_everything", "setup", "report", "full_result"]
