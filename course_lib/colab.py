"""The notebooks' setup cell, written once here and checked against every lesson by the tests.

On Colab the cell clones the newest version of this repository (the ``main`` branch, which the
badges open; not necessarily the commit a saved copy of the notebook came from), installs
``course_lib`` from it in editable mode, so that ``data/`` comes along, and never reinstalls
TensorFlow or Keras: ``pyproject.toml``'s ranges accept the versions
Colab ships. Elsewhere it does nothing but import ``course_lib`` and call ``setup()``.

Introduced in lesson 01.
"""

from __future__ import annotations

GITHUB_REPO = "open-dl-course/deep-learning-course"
REF = "main"
COLAB_DIR = "/content/deep-learning-course"

BOOTSTRAP = f'''\
# Setup. On Colab: clone the course (its main branch) and install course_lib, keeping Colab's TensorFlow.
import os
import subprocess
import sys

REPO, REF, DEST = "https://github.com/{GITHUB_REPO}", "{REF}", "{COLAB_DIR}"
if "google.colab" in sys.modules:
    if not os.path.isdir(DEST):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", REF, REPO, DEST], check=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", DEST], check=True)
    sys.path.insert(0, DEST)
    os.chdir(os.path.join(DEST, "notebooks"))
'''


def badge_url(notebook_name: str) -> str:
    """The Open-in-Colab URL of a lesson notebook.

    Example:
        >>> badge_url("01_perceptron.ipynb").endswith("/blob/main/notebooks/01_perceptron.ipynb")
        True
    """
    if not isinstance(notebook_name, str) or not notebook_name.endswith(".ipynb") or "/" in notebook_name:
        raise ValueError(f"expected a notebook file name like '01_perceptron.ipynb', got {notebook_name!r}")
    return f"https://colab.research.google.com/github/{GITHUB_REPO}/blob/{REF}/notebooks/{notebook_name}"


def github_url(notebook_name: str) -> str:
    """The view-on-GitHub URL of a lesson notebook.

    Example:
        >>> github_url("02_mlp.ipynb")
        'https://github.com/open-dl-course/deep-learning-course/blob/main/notebooks/02_mlp.ipynb'
    """
    badge_url(notebook_name)  # same validation
    return f"https://github.com/{GITHUB_REPO}/blob/{REF}/notebooks/{notebook_name}"


def badge_markdown(notebook_name: str) -> str:
    """The badge row for a lesson's first markdown cell.

    Example:
        >>> "colab-badge.svg" in badge_markdown("01_perceptron.ipynb")
        True
    """
    return (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({badge_url(notebook_name)}) "
        f"[![View on GitHub](https://img.shields.io/badge/view%20on-GitHub-181717?logo=github)]({github_url(notebook_name)})"
    )


def setup_cell(extra_imports: str = "") -> str:
    """The whole setup cell: the bootstrap, ``cfg = course_lib.setup()``, then the lesson's imports.

    ``setup()`` comes first: it imports TensorFlow with its start-up log lines hidden, so the
    lesson's own ``import tensorflow`` that follows prints nothing.

    Example:
        >>> print(setup_cell("import numpy as np"))  # doctest: +SKIP
    """
    if not isinstance(extra_imports, str):
        raise TypeError(f"extra_imports must be the lesson's import lines as one string, got {extra_imports!r}")
    lines = [BOOTSTRAP, "import course_lib", "", "cfg = course_lib.setup()"]
    if extra_imports.strip():
        lines += ["", extra_imports.strip()]
    return "\n".join(lines)
