"""Test-suite defaults and the fast-mode time budget of the notebooks.

Sets defaults only (an explicit COURSE_MODE=full still runs the notebooks in full mode); the
mode itself is read in one place, course_lib.config.get_mode(). After the run, a table shows each
notebook's execution time under nbval; in fast mode a notebook over the budget fails the run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict

os.environ.setdefault("COURSE_MODE", "fast")
os.environ.setdefault("MPLBACKEND", "Agg")
# The run folder: the caller's COURSE_RUN_DIR if set (kept), else a temporary one removed at the end.
_OWN_RUN_DIR: str | None = None
if not os.environ.get("COURSE_RUN_DIR"):
    _OWN_RUN_DIR = os.environ["COURSE_RUN_DIR"] = tempfile.mkdtemp(prefix="course-runs-")

# Seconds of cell execution allowed per notebook in fast mode (the lessons aim for 60 s
# including the kernel start on a 2-core CPU; the margin absorbs slower CI machines).
BUDGET_S = float(os.environ.get("COURSE_NOTEBOOK_BUDGET_S", "120"))
_notebook_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report) -> None:
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter) -> None:
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution time (nbval)")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = "  OVER BUDGET" if seconds > BUDGET_S else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")


def pytest_sessionfinish(session, exitstatus) -> None:
    from course_lib.config import is_fast

    over = {p: s for p, s in _notebook_seconds.items() if s > BUDGET_S}
    if over and is_fast() and exitstatus == 0:
        session.exitstatus = 1
        print(f"\nFast-mode budget of {BUDGET_S:.0f} s exceeded: {over}")


def pytest_unconfigure(config) -> None:
    if _OWN_RUN_DIR is not None:
        shutil.rmtree(_OWN_RUN_DIR, ignore_errors=True)
