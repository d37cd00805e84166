"""The README's main command as a learner meets it: Jupyter Lab in a real browser, lesson 01 open,
its setup cell and the next code cell run with Shift+Enter, their outputs shown without an error.

The server runs headless on 127.0.0.1 with a token and a free port, on a scratch copy of the
lesson (the same file; Jupyter's autosave then never touches the tracked notebook), in fast mode.
Afterwards the server, its kernel and the browser are gone, also when the test fails. Without
Chromium the test skips and says how to install it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _chromium import browser_paths, severe_console_entries, start_chromium

from course_lib.config import repo_root

psutil = pytest.importorskip("psutil", reason="psutil is not installed: `pip install -r requirements.txt`")

LESSON = "notebooks/01_perceptron.ipynb"
STARTUP_S, CELL_S = 90, 180  # generous for a loaded 2-core machine; a run takes ~30 s in all


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> list[psutil.Process]:
    """Stop the server, its kernels (each in a session of its own) and their children; return them all."""
    try:
        family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # Jupyter shuts its kernels down on SIGTERM
    _, alive = psutil.wait_procs(family, timeout=20)
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    return family


@dataclass
class Lab:
    base: str
    token: str
    proc: subprocess.Popen
    family: list[psutil.Process] = field(default_factory=list)  # filled in when it stops


@contextlib.contextmanager
def jupyter_lab(folder: Path, log: Path):
    """`jupyter lab` on folder, headless, loopback only; yields a Lab, stopped on the way out."""
    port, token = _free_port(), secrets.token_hex(16)
    state = folder.parent / "jupyter-state"
    env = {
        **os.environ,
        "COURSE_MODE": "fast",
        "BROWSER": "true",
        "COURSE_RUN_DIR": str(state / "runs"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "ws"),
        "IPYTHONDIR": str(state / "ipython"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")  # as `make lab` does for root
    with open(log, "w") as handle:
        proc = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"
    lab = Lab(base, token, proc)
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert proc.poll() is None, f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no answer in {STARTUP_S} s:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
        yield lab
    finally:
        lab.family = _stop(proc)


def _run_cell(browser, index: int) -> tuple[str, list[str]]:
    """Select the code cell `index` (0-based among code cells) by its prompt, press Shift+Enter,
    wait for its execution count; return (output text, error or stderr outputs)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    cell = browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")[index]
    prompt = cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-prompt")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    prompt.click()
    WebDriverWait(browser, 10).until(lambda b: "jp-mod-selected" in cell.get_attribute("class"))
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    WebDriverWait(browser, CELL_S, poll_frequency=0.5).until(
        lambda b: any(ch.isdigit() for ch in prompt.text), f"code cell {index} did not finish in {CELL_S} s"
    )
    outputs = cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")
    errors = [
        o.text
        for o in outputs
        if o.get_attribute("data-mime-type") in ("application/vnd.jupyter.stderr", "application/vnd.jupyter.error")
    ]
    return "\n".join(o.text for o in outputs), errors


def test_lesson_01_runs_in_jupyter_lab_in_a_browser(tmp_path: Path) -> None:
    browser_paths()  # skip early, before starting a server, where Chromium is not installed
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    start = time.perf_counter()
    folder = tmp_path / "course"
    (folder / "notebooks").mkdir(parents=True)
    shutil.copy2(repo_root() / LESSON, folder / LESSON)
    log = tmp_path / "lab.log"
    code = [c for c in json.loads((folder / LESSON).read_text())["cells"] if c["cell_type"] == "code"]
    browser, lab = None, None
    try:
        with jupyter_lab(folder, log) as lab:
            browser = start_chromium(tmp_path / "chromium-profile")
            browser.get(f"{lab.base}lab/tree/{LESSON}?token={lab.token}")
            WebDriverWait(browser, STARTUP_S).until(
                lambda b: len(b.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")) >= 2,
                "Jupyter Lab did not show the lesson's code cells",
            )
            # The kernel is up when the toolbar's kernel name says so (not 'No Kernel').
            WebDriverWait(browser, STARTUP_S).until(
                lambda b: (
                    "Python"
                    in " ".join(
                        e.text for e in b.find_elements(By.CSS_SELECTOR, ".jp-KernelName, .jp-Toolbar-kernelName")
                    )
                ),
                "no kernel started for the lesson",
            )
            setup_text, setup_errors = _run_cell(browser, 0)
            assert "mode: fast" in setup_text, f"the setup cell printed: {setup_text!r}\n{log.read_text()[-2000:]}"
            assert not setup_errors, f"the setup cell wrote errors: {setup_errors}"
            next_text, next_errors = _run_cell(browser, 1)
            assert next_text.strip(), "the second code cell showed no output"
            assert not next_errors, f"the second code cell wrote errors: {next_errors}"
            if "NBVAL_CHECK_OUTPUT" in "".join(code[1]["source"]):  # same output in both modes: compare
                committed = "".join("".join(o.get("text", "")) for o in code[1]["outputs"]).strip()
                assert next_text.strip() == committed, f"shown {next_text!r}, committed {committed!r}"
            # Other hosts' images (the notebook's badges) cannot load on an offline machine: not Lab's fault.
            console = [
                m
                for m in severe_console_entries(browser)
                if not (m.startswith(("http://", "https://")) and not m.startswith(lab.base))
            ]
            assert not console, f"console errors in Jupyter Lab: {console}"
            print(f"Jupyter Lab: setup cell {setup_text.strip()!r}; next cell {next_text.strip()!r}")
    finally:
        if browser is not None:
            browser.quit()
    assert lab is not None and lab.family, "the server's processes were not recorded"
    left = [p for p in lab.family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not left, f"processes left behind: {[(p.pid, p.name()) for p in left]}"
    print(f"Jupyter Lab browser test in {time.perf_counter() - start:.1f} s")
