"""Which numbers in a lesson's prose are measurements, and whether a printed output backs each one.

Used by tests/test_traced_figures.py. A number in a markdown cell must equal a number that a code
cell of the same notebook printed (stream text, or the text/plain, text/markdown or text/html of a
displayed result), at the precision the prose writes it. The unit is read from the words around it:
``26%`` or "26 points" is a percentage, matched by a printed 26%, 26.1 or 0.2614 (not by a bare
integer such as "epoch 26"); ``3.6x``, ``×3.6``, "3.6 times" or "a factor of 3.6" is a ratio,
matched by a printed 3.62 or 3.6x (not by a bare integer either); ``315 s``, ``2.5 min``, ``40 ms``
are times, matched by a printed number in that unit or in seconds ("5 min" by a printed 313.6 s);
other numbers are compared as written, signs ignored. After "~" or "about", a figure ending in .5
(~2.5 min) or in two or more zeros (about 190,000) stands for that coarser step.

A magnitude word or suffix multiplies the number ("3 million", "1.2 billion", "97k", "1.5M", "22 MB",
"419 kB"); a printed "419 kB" is read the same way. "At the precision written" means that rounding the
printed value (half up or half down) gives the written number: 0.87 matches 0.8650 and 0.8734, not 0.8799.
Outputs of the setup cell (the first code cell: its version banner) and of exercise cells (those that call
``check.exercise``, ``check.predict``, ``check.reveal`` or ``check.solution``) back nothing.

A number passes without being printed when (the rules, in order):

1. it is not prose: inside LaTeX math (``$...$``, where a lesson shows its arithmetic), inline code,
   a code block, a link target or URL, an HTML tag, or part of a name (``int8``, ``CIFAR-10``, ``top-5``);
2. it names a lesson, exercise, section, cell, part or chapter ("lesson 04", "exercises 02.3 and
   02.4"); it is a year (four digits, no comma, 1900-2099); a heading's section number; or a list
   marker (a 1-2 digit integer and "." or ")" that starts a paragraph or a numbered item);
3. it is a plain integer up to 20 with no unit or magnitude: a count in prose ("two layers", "3
   seeds"); a count of results such as "12 of 16" is checked all the same;
4. it is a setting: an integer (times its magnitude) that is an integer literal of the code cells
   (``10_000``), or an integer percentage whose fraction is a literal (10% and ``0.1``); literals in
   ``assert`` statements and in plotting calls (``figsize``, ``plt.*``, ``ax.*``) do not count;
5. its sentence cites the literature: a capitalised author name followed by "et al." or by a year in
   parentheses ("Kim (2014)", "He et al., 2015");
6. in cell 0's cost line ("Runs in ~13 s (fast mode ...) · ~5 min full mode ... · ~1 min on a GPU"),
   the first figure of the fast part must match ``results/fast.json`` and the first of the full part
   ``results/full.json`` (the runner's seconds, not the outputs); the GPU part is an estimate.

Anything else that is not printed is a finding, unless the test's short exemption list names it.
Numbers written as words ("four times", "half") are not read: a reviewer checks those.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# ------------------------------------------------------------------------------------ tokens

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+")
TIME_UNITS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0}
TIME_UNITS |= {"min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hour": 3600.0}
TIME_UNITS |= {"hours": 3600.0}
# "315 s", "2.5 min", "40ms"; a bare "s" needs a space before it, so "0s and 1s" (digits) is not a time.
TIME_AFTER = re.compile(r"(?:\s|\u00a0)(s)\b|(?:\s|\u00a0)?(ms|secs?|seconds?|mins?|minutes?|h|hours?)\b")
PERCENT_AFTER = re.compile(r"\s?%|\s(?:percent|percentage points?|points?|pp)\b")
RATIO_AFTER = re.compile(r"[x×](?![\w\d])|\s?(?:times|-fold)\b")
APPROX_BEFORE = re.compile(r"(?:~|≈|\babout|\baround|\broughly|\bnearly|\balmost|\bsome|\bapproximately)\s*$", re.I)
REFERENCE_BEFORE = re.compile(
    r"\b(?:lessons?|exercises?|sections?|cells?|parts?|chapters?|§)\s*"
    r"(?:\d[\d.]*\s*(?:,|and|or|&|-|–|to)\s*)*$",
    re.I,
)
# "3 million", "97k", "1.5M", "22 MB": a word (after a space) or a suffix (a byte unit may follow a space).
MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "K": 1e3, "M": 1e6}
MAGNITUDES |= {"B": 1e9, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
MAGNITUDE_AFTER = re.compile(
    r"(?:\s|\u00a0)(thousand|million|billion|trillion|kB|KB|MB|GB|TB)\b|(kB|KB|MB|GB|TB|k|K|M|B)\b"
)
COUNT_OF = re.compile(r"^\s*(?:of|out of)\s+(?:the\s+|all\s+)?\d")  # "12 of 16": the 12 ...
COUNT_OF_BEFORE = re.compile(r"\d\s+(?:of|out of)\s+(?:the\s+|all\s+)?$")  # ... and the 16
# An author-like name (capitalised, then lower case: "Kim", "LeCun", not "MNIST's") followed by "et al."
# or by a year in parentheses: "Kim (2014)", "Glorot and Bengio (2010)", "He et al., 2015".
_NAME = r"(?!(?:In|By|Since|Until|From|Before|After|Of|At|On|For|As|Up|To|Lesson|Section|Exercise)\b)[A-Z][a-z]+(?:[A-Z][a-z]+)?"
CITATION = re.compile(
    rf"\b{_NAME}(?:\s+et\s+al\.|(?:\s+(?:and|&)\s+{_NAME})?\s+\((?:19|20)\d\d[a-z]?[),;])"
    rf"|\({_NAME}(?:\s+(?:and|&)\s+{_NAME})?,?\s+(?:19|20)\d\d[a-z]?[),;]"
)


def mask_non_prose(text: str) -> str:
    """Blank out (same length) what is not prose: code, math, URLs, link targets, HTML tags."""
    patterns = [
        r"```.*?```",  # code blocks
        r"`[^`\n]*`",  # inline code
        r"\$\$.*?\$\$",  # display math
        r"(?<!\\)\$[^$]*?(?<!\\)\$",  # inline math
        r"\]\([^)]*\)",  # link targets (the link text stays prose)
        r"https?://\S+",
        r"<[^>\n]*>",
    ]
    for pattern in patterns:
        text = re.sub(pattern, lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return text


@dataclass(frozen=True)
class Figure:
    """A number in the prose: its text as written, its kind and where it is in the cell."""

    written: str  # as in the text, thousands separators removed ("1238", "0.87", "26")
    kind: str  # "percent", "ratio", "time" or "plain"
    seconds_per_unit: float  # for a time: 60.0 for "min", 1.0 for "s"; 1.0 otherwise
    start: int
    end: int
    approx: bool  # "~", "about", ... just before it
    counted: bool  # a count of results ("12 of 16"): checked even when small
    scale: float = 1.0  # a magnitude after it: 1e6 for "3 million", 1e3 for "97k" or "419 kB"

    @property
    def value(self) -> Decimal:
        return Decimal(self.written)

    @property
    def integer(self) -> bool:
        return self.written.isdigit()

    @property
    def scaled(self) -> Decimal:
        """The value times its magnitude: 3e6 for "3 million"."""
        return self.value * Decimal(repr(self.scale))

    @property
    def decimals(self) -> int:
        return max(0, -Decimal(self.written).as_tuple().exponent)


def figures(text: str) -> list[Figure]:
    """Every number of a markdown cell that rule 1 leaves as prose, with its unit."""
    masked = mask_non_prose(text)
    found = []
    for match in NUMBER.finditer(masked):
        start, end = match.span()
        before, after = masked[max(0, start - 2) : start], masked[end : end + 40]
        kind, unit = "plain", 1.0
        prev, prev2 = before[-1:], before[:-1][-1:]
        if (prev in "×x" and prev2.isdigit()) or re.match(r"\s?[x×]\s?\d", after):
            continue  # a shape: 28×28, 3x3
        if (prev == "×" or (prev == "x" and "." in match.group(0))) and not prev2.isalnum():
            kind = "ratio"  # "×3.6", "x2.2" (but 28×28 is two sizes, x86 a name)
        elif prev.isalpha() or prev == "_" or (prev == "-" and prev2.isalpha()):
            continue  # part of a name: int8, Conv2D, CIFAR-10, top-5
        elif prev and prev in ".,#":
            continue  # the tail of a version or a list like 0.1.0, an issue number (#20585)
        scale = 1.0
        if kind == "plain" and (m := MAGNITUDE_AFTER.match(after)) is not None:
            kind, scale = "magnitude", MAGNITUDES[m.group(1) or m.group(2)]
        elif after[:1].isalpha() and not re.match(r"[x×]|[eE]\d|s\b|ms\b|min\b|h\b", after):
            continue  # 2D, 3rd, 1st
        if kind == "plain":
            if (m := TIME_AFTER.match(after)) is not None:
                kind, unit = "time", TIME_UNITS[m.group(1) or m.group(2)]
            elif PERCENT_AFTER.match(after) and (
                after.lstrip()[:1] == "%" or float(match.group(0).replace(",", "")) <= 100
            ):
                kind = "percent"  # "26%"; "3 points" is a percentage, "309 points" are data points
            elif RATIO_AFTER.match(after):
                kind = "ratio"
            elif re.match(r"\s?[-–]\s?\d", after):  # a range "50-90%": the first end takes the unit
                rest = after[re.match(r"\s?[-–]\s?", after).end() :]
                tail = rest[NUMBER.match(rest).end() :] if NUMBER.match(rest) else ""
                if (m := TIME_AFTER.match(tail)) is not None:
                    kind, unit = "time", TIME_UNITS[m.group(1) or m.group(2)]
                elif PERCENT_AFTER.match(tail):
                    kind = "percent"
        if kind == "plain" and re.search(r"\bfactor (?:of )?(?:about |~)?$", masked[max(0, start - 25) : start]):
            kind = "ratio"  # "a factor of about 10"
        approx = bool(APPROX_BEFORE.search(masked[max(0, start - 20) : start]))
        written = match.group(0).replace(",", "")
        counted = bool(COUNT_OF.match(after) or COUNT_OF_BEFORE.search(masked[max(0, start - 20) : start]))
        kind = "plain" if kind == "magnitude" else kind
        found.append(Figure(written, kind, unit, start, end, approx, counted, scale))
    return found


# ------------------------------------------------------------------------------------ rules


def is_reference_or_year(text: str, figure: Figure, lesson: str = "") -> bool:
    """Rule 2: a lesson, exercise or section number, a year, a heading number or a list marker."""
    if REFERENCE_BEFORE.search(text[max(0, figure.start - 60) : figure.start]):
        return True
    if lesson and re.fullmatch(rf"{re.escape(lesson)}\.\d{{1,2}}", text[figure.start : figure.end]):
        return True  # an exercise of this lesson written with its number: 04.2 in lesson 04
    raw = text[figure.start : figure.end]
    if figure.kind == "plain" and figure.scale == 1 and re.fullmatch(r"(?:19|20)\d\d", raw):
        return True  # a year: four digits, no comma ("2,000 steps" is a count)
    line_start = text.rfind("\n", 0, figure.start) + 1
    head = text[line_start : figure.start]
    if re.fullmatch(r"#+\s*", head):
        return True
    if re.fullmatch(r"\d{1,2}", raw) and re.fullmatch(r"\s*", head) and re.match(r"[.)]\s", text[figure.end :]):
        # a list marker: the paragraph starts here, or its first line is a numbered item
        paragraph = text[:line_start].rsplit("\n\n", 1)[-1].lstrip("\n")
        return not paragraph.strip() or bool(re.match(r"\s*\d{1,2}[.)]\s", paragraph))
    return False


def is_small_count(figure: Figure) -> bool:
    """Rule 3: a plain integer up to 20 with no unit, not a count of results ("12 of 16")."""
    return (
        figure.kind == "plain"
        and figure.scale == 1
        and figure.integer
        and int(figure.written) <= 20
        and not figure.counted
    )


PLOT_ROOTS = {"plt", "sns", "fig", "ax", "axs", "axes", "axis", "mpl", "matplotlib"}
PLOT_METHODS = {"plot", "scatter", "imshow", "hist", "bar", "barh", "subplots", "figure", "text", "annotate", "legend"}
PLOT_METHODS |= {"axhline", "axvline", "fill_between", "errorbar", "savefig", "tight_layout", "set_size_inches"}


def _root_name(node: ast.AST) -> str:
    """The leftmost name of ``axes[0].set_xlim`` (``axes``)."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _is_plotting(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    root = _root_name(func)
    return (
        name in PLOT_METHODS
        or name.startswith("set_")
        or root in PLOT_ROOTS
        or root.startswith(("ax", "fig"))
        or any(k.arg == "figsize" for k in call.keywords)
    )


def code_literals(sources: Iterable[str]) -> set[Decimal]:
    """Rule 4: the numeric literals of a notebook's code cells (``10_000`` read as 10000).

    Literals inside ``assert`` statements and plotting calls are left out: a threshold or a figure size
    is not a setting the prose may quote unprinted. A cell that does not parse adds nothing.
    """
    literals: set[Decimal] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Assert) or (isinstance(node, ast.Call) and _is_plotting(node)):
            return
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            literals.add(Decimal(repr(node.value)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    for source in sources:
        source = re.sub(r"(?m)^(\s*)[%!].*$", r"\1pass", source)  # IPython magics and shell lines
        try:
            visit(ast.parse(source))
        except SyntaxError:
            continue
    return literals


def in_code(figure: Figure, literals: set[Decimal]) -> bool:
    """Rule 4 for one figure: an integer (times its magnitude) that is an integer literal of the code,
    or an integer percentage whose fraction is a literal (10% and ``0.1``)."""
    if not figure.integer:
        return False
    if figure.kind in ("plain", "ratio"):
        return figure.scaled in literals and figure.scaled == figure.scaled.to_integral_value()
    return figure.kind == "percent" and figure.value / 100 in literals


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or list item, or paragraph line block) holding text[start:end]."""
    boundary = re.compile(r"(?<!\bal\.)(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+(?=[A-Z*_(\[])|\n\s*\n|\n\s*[-*] |\n#")
    left = 0
    for m in boundary.finditer(text, 0, start):
        left = m.end()
    m = boundary.search(text, end)
    return text[left : m.start() if m else len(text)]


def cites_literature(text: str, figure: Figure) -> bool:
    """Rule 5: the figure's sentence names an author followed by "et al." or a year in parentheses."""
    return bool(CITATION.search(sentence_around(text, figure.start, figure.end)))


# ------------------------------------------------------------------------------------ matching


@dataclass
class Printed:
    """The numbers a notebook's code cells printed, sorted, as plain values and as seconds."""

    plain: list[float]  # every printed number, sign dropped
    decimals: list[float]  # those printed with a decimal point (0.2614, 26.1), not integers
    percents: list[float]  # those printed with a % sign
    ratios: list[float]  # those printed with an x or × after them (9.3x)
    seconds: list[float]  # those printed with a time unit, converted to seconds
    scaled: list[float] = dataclasses.field(default_factory=list)  # those with a magnitude: 419 kB as 419000

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Printed:
        plain, decimals, percents, ratios, seconds, scaled = [], [], [], [], [], []
        for text in texts:
            text = re.sub(r"<[^>]*>", " ", text)
            for match in NUMBER.finditer(text):
                pieces = [match.group(0)] + (match.group(0).split(",") if "," in match.group(0) else [])
                after = text[match.end() : match.end() + 12]
                for piece in pieces:
                    value = abs(float(piece.replace(",", "")))
                    plain.append(value)
                    if re.search(r"[.eE]", piece):
                        decimals.append(value)
                    if re.match(r"\s?%", after):
                        percents.append(value)
                    if re.match(r"[x×](?!\w)", after):
                        ratios.append(value)
                    if (m := TIME_AFTER.match(after)) is not None:
                        seconds.append(value * TIME_UNITS[m.group(1) or m.group(2)])
                    if (m := MAGNITUDE_AFTER.match(after)) is not None:
                        scaled.append(value * MAGNITUDES[m.group(1) or m.group(2)])
        lists = (plain, decimals, percents, ratios, seconds, scaled)
        return cls(*(sorted(values) for values in lists))


def interval(figure: Figure) -> tuple[float, float]:
    """The values that read as ``figure.written`` rounded half either way, times its magnitude.

    A ``~``/"about" figure with one decimal 5 (~2.5) or two or more trailing zeros (about 190,000)
    stands for the coarser step it is written at.
    """
    value, step = float(figure.value), 10.0**-figure.decimals
    low, high = value - step / 2, value + step / 2
    if figure.approx and figure.decimals == 1 and figure.written.endswith("5"):
        low, high = min(low, value - 0.25), max(high, value + 0.25)
    zeros = len(figure.written) - len(figure.written.rstrip("0")) if figure.decimals == 0 else 0
    if figure.approx and zeros >= 2:
        coarse = 10.0**zeros
        low, high = min(low, value - coarse / 2), max(high, value + coarse / 2)
    slack = 1e-9 * max(1.0, abs(value))
    return (low - slack) * figure.scale, (high + slack) * figure.scale


def _any_in(values: list[float], low: float, high: float, scale: float = 1.0) -> bool:
    """Whether some v in the sorted list has low <= v * scale <= high."""
    i = bisect.bisect_left(values, low / scale)
    return i < len(values) and values[i] <= high / scale


def is_printed(figure: Figure, printed: Printed) -> bool:
    """Whether the notebook printed this figure at the precision written (see the module docstring)."""
    low, high = interval(figure)
    if figure.kind == "percent":  # 26% <- 26%, 26.1 (a points column) or 0.2614 (a fraction); not "epoch 26"
        return (
            _any_in(printed.percents, low, high)
            or _any_in(printed.decimals, low, high)
            or _any_in(printed.decimals, low, high, 100.0)
        )
    if figure.kind == "time":  # 5 min <- 5.2 (a minutes column), 313.6 s or a seconds column's 313.6
        per = figure.seconds_per_unit
        return (
            _any_in(printed.plain, low, high)
            or _any_in(printed.seconds, low, high, 1.0 / per)
            or _any_in(printed.plain, low, high, 1.0 / per)
        )
    if figure.kind == "ratio":  # 3.6x <- 3.62 or 3.6x; not a bare integer ("10 classes")
        return _any_in(printed.decimals, low, high) or _any_in(printed.ratios, low, high)
    if figure.scale != 1:  # 1.2 million <- 1,163,049 or 1.2M; 419 kB <- 419 kB
        return _any_in(printed.plain, low, high) or _any_in(printed.scaled, low, high)
    if figure.kind == "plain" and _any_in(printed.percents, low, high, 0.01):  # 0.87 <- 87.3%
        return True
    return _any_in(printed.plain, low, high)


def matches(written: str, printed_value: float, kind: str = "plain", approx: bool = False) -> bool:
    """One prose figure against one printed value: ``matches("26", 0.2614, "percent")`` is True."""
    figure = Figure(written.replace(",", ""), kind, 1.0, 0, 0, approx, False)
    return is_printed(figure, Printed.from_texts([repr(printed_value)]))


# ------------------------------------------------------------------------------------ notebooks


@dataclass(frozen=True)
class Finding:
    """A figure no output backs: where it is and what is around it."""

    notebook: str
    cell: int
    written: str
    context: str
    why: str = "not printed by any code cell"

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell}: {self.written!r} {self.why}: ...{self.context}..."


EXERCISE_CALL = re.compile(r"\bcheck\.(?:exercise|predict|reveal|solution)\(")


def output_texts(cell: dict) -> list[str]:
    """The text a code cell printed: streams, and the text/* data of displayed results.

    In a cell that calls the exercise checker, its text (from the first "Exercise NN.N" line on: feedback,
    a reveal, a worked solution) is dropped: it is not a measurement of the lesson.
    """
    texts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            texts.append("".join(out["text"]))
        for mime, data in out.get("data", {}).items():
            if mime in ("text/plain", "text/markdown", "text/html"):
                texts.append("".join(data))
    if EXERCISE_CALL.search("".join(cell["source"])):
        texts = [re.split(r"(?m)^Exercise \d\d\.\d", text)[0] for text in texts]
    return texts


def _context(text: str, figure: Figure, width: int = 45) -> str:
    return " ".join(text[max(0, figure.start - width) : figure.end + width].split())


def cost_line_span(text: str) -> tuple[int, int] | None:
    """Where cell 0's cost line ("Runs in ~13 s (fast mode ...) · ...") is, up to the blank line."""
    start = text.find("Runs in")
    if start < 0:
        return None
    end = text.find("\n\n", start)
    return start, len(text) if end < 0 else end


def check_notebook(name: str, nb: dict, fast_seconds: float | None, full_seconds: float | None) -> list[Finding]:
    """Every figure of a notebook's markdown cells that no rule passes and no output backs."""
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    literals = code_literals("".join(c["source"]) for c in code)
    printed = Printed.from_texts(t for c in code[1:] for t in output_texts(c))  # code[0]: the setup banner
    findings = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        cost = cost_line_span(text) if index == 0 else None
        for figure in figures(text):
            context = _context(text, figure)
            if cost and cost[0] <= figure.start < cost[1]:
                runs = {"fast mode": fast_seconds, "full mode": full_seconds}
                finding = _check_cost_figure(name, index, text, cost, figure, runs, printed, literals)
                if finding:
                    findings.append(finding)
                continue
            if not (passes_rules(text, figure, literals, name[:2]) or is_printed(figure, printed)):
                findings.append(Finding(name, index, text[figure.start : figure.end], context))
    return findings


def passes_rules(text: str, figure: Figure, literals: set[Decimal], lesson: str = "") -> bool:
    """Rules 2-5: a reference or year, a small count, a setting from the code, a cited figure."""
    return (
        is_reference_or_year(text, figure, lesson)
        or is_small_count(figure)
        or in_code(figure, literals)
        or cites_literature(text, figure)
    )


def _check_cost_figure(
    name: str,
    index: int,
    text: str,
    cost: tuple[int, int],
    figure: Figure,
    runs: dict[str, float | None],
    printed: Printed,
    literals: set[Decimal],
) -> Finding | None:
    """Rule 6: the fast and full figures of the cost line against results/*.json; the GPU part skipped."""
    segment_start = text.rfind("·", cost[0], figure.start) + 1 or cost[0]
    segment_end = text.find("·", figure.end, cost[1])
    segment = text[segment_start : cost[1] if segment_end < 0 else segment_end]
    first = figures(segment)[:1]
    leading = bool(first) and first[0].start == figure.start - segment_start
    written, context = text[figure.start : figure.end], _context(text, figure)
    low, high = interval(figure)
    for label, seconds in runs.items():
        if label in segment and leading:
            if seconds is None or figure.kind != "time" or not low <= seconds / figure.seconds_per_unit <= high:
                shown = "nothing" if seconds is None else f"{seconds:g} s"
                why = f"is the {label} cost, but results/{label.split()[0]}.json says {shown}"
                return Finding(name, index, written, context, why)
            return None
    if "GPU" in segment:
        return None  # an estimate
    full_seconds = runs.get("full mode")
    extra = dataclasses.replace(printed, seconds=sorted([*printed.seconds, full_seconds or 0.0]))
    if passes_rules(text, figure, literals, name[:2]) or is_printed(figure, extra):
        return None
    return Finding(name, index, written, context)
