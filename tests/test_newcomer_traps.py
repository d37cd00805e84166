"""What a newcomer meets first: `make lab` on any machine, and a test suite that cleans up after itself."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_lib.config import repo_root

VENV = Path(sys.executable).parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_passes_allow_root_only_for_root() -> None:
    out = subprocess.run(["make", "-n", "lab", f"VENV={VENV}"], cwd=repo_root(), capture_output=True, text=True)
    command = next(line for line in out.stdout.splitlines() if "jupyter lab" in line and "echo" not in line)
    assert ("--allow-root" in command) == (os.geteuid() == 0), command


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_starts_jupyter_and_prints_the_url(tmp_path: Path) -> None:
    """The README's first command, as it is (run as root in CI): Jupyter starts and prints the URL to open."""
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_PORT": str(port),
        "BROWSER": "true",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    log = tmp_path / "lab.log"
    with open(log, "w") as handle:
        # -o: take the virtual environment as it is (the test runs inside it), do not rebuild it.
        proc = subprocess.Popen(
            ["make", "-o", str(VENV / "bin" / "activate"), "lab", f"VENV={VENV}"],
            cwd=repo_root(),
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and proc.poll() is None:
                if f"http://127.0.0.1:{port}/lab?token=" in log.read_text():
                    break
                time.sleep(0.5)
            text = log.read_text()
            assert proc.poll() is None, f"make lab exited with {proc.returncode}:\n{text[-2000:]}"
            assert f"http://127.0.0.1:{port}/lab?token=" in text, text[-2000:]
            assert "If no browser opens" in text
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def _run_pytest(tmp_path: Path, **env_extra: str) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), **env_extra}
    env.pop("COURSE_RUN_DIR", None)
    env.update(env_extra)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_config.py"],
        cwd=repo_root(),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-2000:]


def test_a_pytest_run_leaves_no_temporary_run_folder(tmp_path: Path) -> None:
    _run_pytest(tmp_path)
    assert not list(tmp_path.glob("course-runs-*")), "conftest left its temporary run folder behind"
    mine = tmp_path / "mine"
    mine.mkdir()
    _run_pytest(tmp_path, COURSE_RUN_DIR=str(mine))
    assert not list(tmp_path.glob("course-runs-*")), "conftest made a folder although COURSE_RUN_DIR was set"
    assert mine.is_dir(), "conftest removed the caller's own COURSE_RUN_DIR"
