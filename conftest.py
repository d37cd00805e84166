"""Test-suite defaults: fast mode, and run folders in a temporary directory.

Only sets defaults; an explicit COURSE_MODE=full still runs the notebooks in full mode.
Reading the mode happens in one place: course_lib.config.get_mode().
"""

import os
import tempfile

os.environ.setdefault("COURSE_MODE", "fast")
os.environ.setdefault("COURSE_RUN_DIR", tempfile.mkdtemp(prefix="course-runs-"))
os.environ.setdefault("MPLBACKEND", "Agg")
