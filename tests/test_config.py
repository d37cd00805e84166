"""course_lib.config: run modes, seeding, run folders, setup()."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from course_lib import config


@pytest.mark.parametrize("raw, mode", [("fast", "fast"), ("FULL", "full"), (" fast ", "fast"), ("", "full")])
def test_get_mode_reads_the_variable(monkeypatch, raw, mode) -> None:
    monkeypatch.setenv("COURSE_MODE", raw)
    assert config.get_mode() == mode


def test_unset_mode_means_full(monkeypatch) -> None:
    monkeypatch.delenv("COURSE_MODE", raising=False)
    assert config.get_mode() == "full" and not config.is_fast()


def test_bad_mode_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("COURSE_MODE", "quick")
    with pytest.raises(ValueError, match="COURSE_MODE must be one of"):
        config.get_mode()


def test_pick_follows_the_mode(monkeypatch) -> None:
    monkeypatch.setenv("COURSE_MODE", "fast")
    assert config.pick(fast=1, full=10) == 1
    monkeypatch.setenv("COURSE_MODE", "full")
    assert config.pick(fast=1, full=10) == 10


def test_seed_everything_repeats_python_numpy_and_tensorflow() -> None:
    import tensorflow as tf

    def draw():
        config.seed_everything(7)
        return random.random(), np.random.rand(), float(tf.random.uniform(()))

    assert draw() == draw()


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_seed_rejects_bad_values(bad) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        config.seed_everything(bad)


def test_setup_reports_versions_mode_and_device(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COURSE_MODE", "fast")
    cfg = config.setup(seed=3)
    out = capsys.readouterr().out
    assert cfg.mode == "fast" and cfg.fast and cfg.seed == 3
    assert cfg.pick(fast="a", full="b") == "a"
    for word in ("TensorFlow", "Keras", "mode: fast", "device:", "seed: 3"):
        assert word in out
    assert cfg.device.startswith(("CPU", "GPU", "TPU"))


def test_run_dir_stays_inside_the_base(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COURSE_RUN_DIR", str(tmp_path))
    path = config.run_dir("02_mlp", "logs")
    assert path == tmp_path / "02_mlp" / "logs" and path.is_dir()


@pytest.mark.parametrize("bad", ["../escape", "/abs", ""])
def test_run_dir_rejects_escaping_parts(bad) -> None:
    with pytest.raises(ValueError, match="plain relative names"):
        config.run_dir(bad)


def test_repo_root_holds_the_project() -> None:
    root = config.repo_root()
    assert (root / "pyproject.toml").is_file() and (root / "data").is_dir()
    assert isinstance(root, Path)


def test_silenced_stderr_restores_stderr(capfd) -> None:
    import os

    with config.silenced_stderr():
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    err = capfd.readouterr().err
    assert "hidden" not in err and "shown" in err


def test_import_course_lib_is_light() -> None:
    """`import course_lib` does not pull in TensorFlow or Keras; setup() does."""
    import subprocess
    import sys

    code = (
        "import sys, course_lib, course_lib.datasets, course_lib.check, course_lib.run; "
        "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]", f"import course_lib imported {out.stdout.strip()}"
