"""Every measured figure in a lesson's prose is one that a code cell of the lesson printed (issue 27).

The rules that tell a measurement from other numbers, and what "printed at the precision written"
means, are in tests/_figures.py (its docstring lists them). A figure the rules cannot place goes in
EXEMPT with a few words of its context and its reason: only that occurrence is exempt, so another
(stale) copy of the same number in the notebook is still caught. An entry that no longer matches a
finding fails the test, so the list stays short and current.
"""

from __future__ import annotations

import json
from decimal import Decimal

import _figures as F
import pytest

from course_lib.config import repo_root
from course_lib.run import discover

NOTEBOOKS = discover()

# notebook -> [(the number as written, a few words around it, why it is not a printed measurement)]
EXEMPT: dict[str, list[tuple[str, str, str]]] = {
    "04_rnn_lstm": [
        ("15", "the next 15% for validation", "the split's shares (70/15/15); the code cuts at 0.70 and 0.85"),
        ("15", "the last 15% for the test", "the split's shares (70/15/15); the code cuts at 0.70 and 0.85"),
    ],
    "10_tabular_fairness": [
        ("95", "the middle 95% of", "the bootstrap interval's level; the code takes the percentiles 2.5 and 97.5"),
    ],
}

# Findings in lessons that another change is re-running (issue 27): that change fixes them and
# empties these lists (an entry it makes stale fails this test, naming it). Keyed by the number alone.
PENDING: dict[str, list[tuple[str, str]]] = {}


def _seconds(mode: str) -> dict[str, float]:
    path = repo_root() / "results" / f"{mode}.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    return {name: entry["seconds"] for name, entry in data.items()}


FAST, FULL = _seconds("fast"), _seconds("full")


def unexplained_and_stale(
    findings: list[F.Finding], exempt: list[tuple[str, str, str]], pending: list[tuple[str, str]]
) -> tuple[list[F.Finding], list[str]]:
    """The findings no entry explains, and the entries that explain no finding.

    An EXEMPT entry covers the findings of its number whose context holds its context words; a
    PENDING entry covers every finding of its number.
    """

    def key(written: str) -> str:
        return written.replace(",", "")

    def excused(f: F.Finding, number: str, context: str) -> bool:
        return key(f.written) == key(number) and context in f.context

    held = {key(number) for number, _ in pending}
    unexplained = [
        f for f in findings if key(f.written) not in held and not any(excused(f, n, c) for n, c, _ in exempt)
    ]
    stale = sorted(held - {key(f.written) for f in findings})
    stale += [f"{n} ({c!r})" for n, c, _ in exempt if not any(excused(f, n, c) for f in findings)]
    return unexplained, stale


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_prose_figure_is_printed(path) -> None:
    name = path.stem
    nb = json.loads(path.read_text())
    findings = F.check_notebook(name, nb, FAST.get(name), FULL.get(name))
    unexplained, stale = unexplained_and_stale(findings, EXEMPT.get(name, []), PENDING.get(name, []))
    message = "\n".join(str(f) for f in unexplained)
    if stale:
        message += f"\n{name}: exemptions no longer needed (remove them from EXEMPT/PENDING): {stale}"
    assert not unexplained and not stale, (
        f"{message}\nQuote the figure a cell printed, print it, or, if it is not a measurement, see the rules "
        "in tests/_figures.py (cell numbers index nb['cells'] from 0)"
    )


def test_exemptions_name_real_lessons_and_give_reasons() -> None:
    names = {p.stem for p in NOTEBOOKS}
    for table in (EXEMPT, PENDING):
        assert set(table) <= names, set(table) - names
        for entries in table.values():
            assert all(len(entry[-1]) > 20 for entry in entries), entries
    assert all(len(context) >= 10 for entries in EXEMPT.values() for _, context, _ in entries)
    assert sum(len(v) for v in EXEMPT.values()) <= 6, "the exemption list must stay short: fix the prose instead"


# ------------------------------------------------------------------------------------ the matcher


@pytest.mark.parametrize(
    ("written", "printed", "kind"),
    [
        ("0.87", 0.8734, "plain"),
        ("0.87", 0.8650, "plain"),  # rounded half up
        ("0.86", 0.8650, "plain"),  # rounded half down
        ("0.870", 0.87, "plain"),
        ("26", 0.2614, "percent"),
        ("26", 0.26, "percent"),
        ("26", 26.1, "percent"),
        ("1,238", 1238.0, "time"),
        ("3.6", 3.62, "ratio"),
    ],
)
def test_matcher_accepts_the_same_value_at_the_written_precision(written, printed, kind) -> None:
    assert F.matches(written, printed, kind)


@pytest.mark.parametrize(
    ("written", "printed", "kind"),
    [
        ("0.87", 0.8834, "plain"),
        ("0.87", 0.8799, "plain"),  # truncation is not rounding
        ("0.87", 0.8649, "plain"),
        ("0.8734", 0.87, "plain"),  # the prose claims digits the output does not have
        ("26", 0.2514, "percent"),
        ("21", 0.26, "percent"),
        ("10", 2.2, "ratio"),
        ("339.0", 313.6, "time"),
        ("2.5", 5.25, "time"),
    ],
)
def test_matcher_rejects_a_different_value(written, printed, kind) -> None:
    assert not F.matches(written, printed, kind)


def test_units_approximation_and_bare_integers() -> None:
    (five_min,) = F.figures("it trains in 5 min")
    assert five_min.kind == "time" and F.is_printed(five_min, F.Printed.from_texts(["training took 313.6 s"]))
    assert not F.is_printed(five_min, F.Printed.from_texts(["training took 250.0 s"]))
    (percent,) = F.figures("a 26% error")
    assert not F.is_printed(percent, F.Printed.from_texts(["epoch 26/30"])), "an integer does not back a percentage"
    assert F.is_printed(percent, F.Printed.from_texts(["error 26%"]))
    (factor,) = F.figures("a factor of 10 per layer")
    assert factor.kind == "ratio" and not F.is_printed(factor, F.Printed.from_texts(["10 classes, 2.2 per layer"]))
    assert F.is_printed(factor, F.Printed.from_texts(["speed-up 9.7x"]))
    about, exact = F.figures("~2.5 min, and 2.5 min")
    assert F.is_printed(about, F.Printed.from_texts(["144.0 s"])) and not F.is_printed(
        exact, F.Printed.from_texts(["144.0 s"])
    )


def test_figures_read_units_and_skip_what_is_not_prose() -> None:
    text = (
        "It is 3.6x smaller (×3.6), 26% of them, in 315 s or 2.5 min, 12 of 16 right, a factor of about 10 per layer. "
        "Not these: $0.5$, `lr=0.003`, int8, CIFAR-10, [a link](https://example.org/0.99), 28×28."
    )
    found = {(f.written, f.kind) for f in F.figures(text) if f.written != "28"}
    assert found == {
        ("3.6", "ratio"),
        ("26", "percent"),
        ("315", "time"),
        ("2.5", "time"),
        ("12", "plain"),
        ("16", "plain"),
        ("10", "ratio"),
    }
    twelve = next(f for f in F.figures(text) if f.written == "12")
    assert twelve.counted and not F.is_small_count(twelve), "a count of results is checked even when small"


def test_rules_for_numbers_that_are_not_measurements() -> None:
    def passes(text: str, literals=()) -> list[bool]:
        found = F.figures(text)
        return [
            F.is_reference_or_year(text, f)
            or F.is_small_count(f)
            or F.in_code(f, {Decimal(x) for x in literals})
            or F.cites_literature(text, f)
            for f in found
        ]

    assert passes("As lesson 04 showed, and exercises 02.3 and 02.4, in 2014:") == [True, True, True, True]
    assert passes("## 3 · Results\n1. two layers, 3 seeds") == [True, True, True]
    assert passes("a learning rate of 0.003 and 10% held out", literals=["0.003", "0.1"]) == [False, True]
    assert passes("Kim (2014) reported about 76% for a small network.") == [True, True]
    assert passes("He et al. (2015) reached 0.96 here.") == [True, True]
    assert passes("our network reached 0.96 and 76%") == [False, False]


def test_a_stale_figure_is_reported_with_cell_and_context() -> None:
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": ["# 99 · A lesson\n\nRuns in ~13 s (fast mode) · ~2.5 min full mode · ~1 min on a GPU"],
            },
            {
                "cell_type": "code",
                "source": ["# Setup\n"],
                "outputs": [{"output_type": "stream", "text": ["TensorFlow 2.21.0 · 0.87\n"]}],
            },
            {
                "cell_type": "code",
                "source": ["lr = 0.003\n"],
                "outputs": [{"output_type": "stream", "text": ["test accuracy 0.8834\n"]}],
            },
            {"cell_type": "markdown", "source": ["With `lr = 0.003` the test accuracy is 0.88, not 0.87."]},
        ]
    }
    findings = F.check_notebook("99_demo", nb, fast_seconds=12.6, full_seconds=314.9)
    assert [(f.cell, f.written) for f in findings] == [(0, "2.5"), (3, "0.87")], "the setup banner backs nothing"
    assert "results/full.json says 314.9 s" in str(findings[0])
    assert str(findings[1]).startswith("99_demo cell 3: '0.87'") and "accuracy is 0.88, not 0.87" in str(findings[1])


# ------------------------------------------------------------------------------------ each rule can fail


def _demo(markdown: str, code: str = "x = 1\n", output: str = "", source_of_output: str = "print(x)\n") -> list[str]:
    """The findings of a three-cell notebook: a setup cell, one code cell with an output, one markdown cell."""
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["# Setup\n"], "outputs": []},
            {"cell_type": "code", "source": [code], "outputs": []},
            {
                "cell_type": "code",
                "source": [source_of_output],
                "outputs": [{"output_type": "stream", "text": [output]}],
            },
            {"cell_type": "markdown", "source": [markdown]},
        ]
    }
    return [f.written for f in F.check_notebook("99_demo", nb, None, None)]


def test_only_integer_literals_outside_asserts_and_plots_are_settings() -> None:
    assert _demo("we train for 400 steps", code="steps = 400\n") == []
    assert _demo("a learning rate of 0.003", code="lr = 0.003\n") == ["0.003"], "a decimal literal is not a pass"
    assert _demo("accuracy above 97 points", code="assert acc > 0.97\n") == ["97"]
    assert _demo("about 500 images", code="assert n == 500\n") == ["500"], "an assert's literal is no setting"
    assert _demo("a 640 pixel figure", code="fig, ax = plt.subplots(figsize=(640, 3))\n") == ["640"]
    assert _demo("a 640 pixel figure", code="ax.set_xlim(0, 640)\n") == ["640"]
    assert _demo("10% held out", code="split = 0.1\n") == []


def test_setup_and_exercise_outputs_back_nothing() -> None:
    assert _demo("it reached 0.931", output="accuracy 0.931\n") == []
    banner = {"cell_type": "code", "source": ["# Setup\n"], "outputs": [{"output_type": "stream", "text": ["0.931"]}]}
    nb = {"cells": [banner, {"cell_type": "markdown", "source": ["it reached 0.931"]}]}
    assert [f.written for f in F.check_notebook("99_demo", nb, None, None)] == ["0.931"]
    reveal = 'check.reveal("99.1", answer)\n'
    assert _demo("it reached 0.931", output="Exercise 99.1: the answer is 0.931\n", source_of_output=reveal) == [
        "0.931"
    ]
    assert _demo("it reached 0.931", output="gain 0.931\nExercise 99.1: shown\n", source_of_output=reveal) == []


def test_years_list_markers_and_exercise_numbers() -> None:
    assert _demo("In 2014 a network") == []
    assert _demo("we ran 2,014 steps") == ["2,014"], "a year has no comma"
    assert _demo("1. first\n2. second") == []
    assert _demo("a long sentence that wraps and then\n42) goes on") == ["42"], "mid-paragraph is no list marker"
    assert _demo("0.5. Then") == ["0.5"]
    assert _demo("exercises: 99.1 one neuron · 99.2 two") == []
    assert _demo("the loss is 04.1 nats") == ["04.1"], "another lesson's number pattern is checked"


def test_magnitudes_are_read_and_checked() -> None:
    assert _demo("trained on 1.2 million words") == ["1.2"]
    assert _demo("trained on 1.2 million words", output="1,163,049 words\n") == []
    assert _demo("trained on 1.1 million words", output="1,163,049 words\n") == ["1.1"]
    assert _demo("after 97k steps") == ["97"]
    assert _demo("a 1.5M parameter model", output="1,512,000 parameters\n") == []
    assert _demo("the file is 22 MB", output="size 21.8 MB\n") == []
    assert _demo("the file is 420 kB", output="size 419 kB\n") == ["420"]
    assert _demo("3 million multiply-adds") == ["3"], "a small number with a magnitude is no count"


def test_citations_need_an_author_and_a_year_or_et_al() -> None:
    assert _demo("Kim (2014) reported 76.1% accuracy.") == []
    assert _demo("He et al. reached 96.4% here.") == []
    assert _demo("The data (Pang and Lee, 2005) hold 12,808 snippets.") == []
    text = "MNIST's 2000 test images, and Lesson (2014) 2300 more"
    assert not any(F.cites_literature(text, f) for f in F.figures(text)), "a name needs lower case and a year in ()"
    assert _demo("See [the paper](https://example.org) for 96.4% accuracy.") == ["96.4"]


def test_an_exemption_covers_one_occurrence_only() -> None:
    findings = [
        F.Finding("99_demo", 3, "15", "the next 15% for validation"),
        F.Finding("99_demo", 7, "15", "a stale 15% elsewhere"),
    ]
    exempt = [("15", "the next 15% for validation", "the split's shares, not a measurement")]
    unexplained, stale = unexplained_and_stale(findings, exempt, [])
    assert [f.cell for f in unexplained] == [7] and stale == []
    unexplained, stale = unexplained_and_stale(findings[1:], exempt, [])
    assert stale == ["15 ('the next 15% for validation')"], "an entry that explains nothing is stale"
    assert unexplained_and_stale(findings, [], [("15", "pending: all copies")]) == ([], [])
