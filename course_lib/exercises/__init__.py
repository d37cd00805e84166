"""Exercise checkers, one module per lesson (``lesson_01.py``, ``lesson_02.py``, ...).

Each module registers its exercises with :func:`course_lib.check.register`; they are imported
on first use by :mod:`course_lib.check`.
"""
