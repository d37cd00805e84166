"""Print pyproject.toml's dependencies pinned at their lower bounds (`name==low`), one a line.

Used by the "minimum versions" CI job: `pip install -r <(python .ci/lower_bounds.py)` installs the
oldest versions course_lib claims to support, so a lower bound that does not work fails CI.
Optional extras are included with `--extra NAME` (repeatable). A dependency without a `>=` bound
is an error: every range must say where it starts.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def lower_bounds(pyproject: Path, extras: list[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    pins = []
    for spec in specs:
        req = Requirement(spec)
        lows = [s.version for s in req.specifier if s.operator in (">=", "==", "~=")]
        if len(lows) != 1:
            raise SystemExit(f"{spec!r}: expected exactly one lower bound (>=, == or ~=)")
        pins.append(f"{req.name}=={lows[0]}")
    return pins


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[], help="also pin this optional extra")
    args = parser.parse_args()
    print("\n".join(lower_bounds(Path(__file__).resolve().parent.parent / "pyproject.toml", args.extra)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
