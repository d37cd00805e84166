"""A lesson's target table computes `met` from the measurement; it never types it (issue 27).

A target table is a ``DataFrame(...)`` call with a "met" column. Its rows are the data argument's
elements (a list of tuples, lists, dicts or ``dict(...)`` calls), or, when the data is a name, the rows
assigned, appended or extended to that name in the same cell; ``columns=`` may be a list or a name
assigned in the cell, and a columnar dict's "met" list is checked too. A row must not hold a constant
(``True``, ``"yes"``, ``1``) as its met: ``met`` is a comparison of the measured value with the target,
so the row fails when the run misses it. A row that only reports a figure says "reported" in its
"wanted" column and leaves met empty (``""`` or ``None``). Tuples outside such calls are not read.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from course_lib.run import discover

NOTEBOOKS = discover()


def _text(node: ast.AST | None) -> str | None:
    return node.value.strip().lower() if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _empty(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in ("", None)


def _is_dataframe(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr == "DataFrame") or (
        isinstance(func, ast.Name) and func.id == "DataFrame"
    )


def _assigned(tree: ast.AST, name: str) -> list[ast.AST]:
    """What the cell binds to ``name``: ``name = ...``, ``name += ...``, ``name.append(x)``, ``name.extend(...)``."""
    values: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            values.append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            values.append(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name
            and node.args
        ):
            if node.func.attr == "append":
                values.append(ast.List(elts=[node.args[0]]))
            elif node.func.attr == "extend":
                values.append(node.args[0])
    return values


def _resolve(tree: ast.AST, node: ast.AST | None) -> list[ast.AST]:
    """A list, tuple or dict as written, or every one assigned to the name."""
    values = _assigned(tree, node.id) if isinstance(node, ast.Name) else [node]
    return [v for v in values if isinstance(v, ast.List | ast.Tuple | ast.Dict)]


def _fields(row: ast.AST, columns: list[str | None] | None) -> dict[str, ast.AST] | None:
    """A row's cells by column name: a tuple or list as wide as the columns, a dict, or ``dict(...)``."""
    if isinstance(row, ast.Tuple | ast.List) and columns and len(row.elts) == len(columns):
        return {name: value for name, value in zip(columns, row.elts) if name}
    if isinstance(row, ast.Dict):
        return {_text(k): v for k, v in zip(row.keys, row.values) if _text(k)}
    if isinstance(row, ast.Call) and isinstance(row.func, ast.Name) and row.func.id == "dict":
        return {k.arg.lower(): k.value for k in row.keywords if k.arg}
    return None


def _problem(fields: dict[str, ast.AST], line: int, row: str) -> str | None:
    met = fields.get("met")
    if met is None:
        return None
    reported = _text(fields.get("wanted")) == "reported"
    if reported and not _empty(met):
        return f"line {line}: a 'reported' row leaves met empty: {row}"
    if isinstance(met, ast.Constant) and not (reported and _empty(met)):
        return f"line {line}: met is a literal {met.value!r}: {row}"
    return None


def literal_met_rows(source: str) -> list[str]:
    """The rows of target tables in ``source`` whose met is typed, or a "reported" row with a met value."""
    tree = ast.parse(re.sub(r"(?m)^\s*[%!].*$", "", source))  # IPython magics are not Python
    problems = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _is_dataframe(call)):
            continue
        keywords = {k.arg: k.value for k in call.keywords}
        columns = None
        for node in _resolve(tree, keywords.get("columns")):
            if isinstance(node, ast.List | ast.Tuple):
                columns = [_text(e) for e in node.elts]
        data = call.args[0] if call.args else keywords.get("data")
        for table in _resolve(tree, data):
            if isinstance(table, ast.Dict):  # columnar: {"met": [...], ...}
                for key, value in zip(table.keys, table.values):
                    if _text(key) == "met":
                        cells = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
                        for cell in cells:
                            if isinstance(cell, ast.Constant):
                                problems.append(
                                    f"line {cell.lineno}: met is a literal {cell.value!r}: {ast.unparse(value)[:90]}"
                                )
                continue
            for row in table.elts:
                fields = _fields(row, columns)
                if fields and (problem := _problem(fields, row.lineno, ast.unparse(row)[:90])):
                    problems.append(problem)
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_target_tables_compute_met(path) -> None:
    nb = json.loads(path.read_text())
    problems = [
        f"{path.stem} cell {index}, {problem}"
        for index, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        for problem in literal_met_rows("".join(cell["source"]))
    ]
    assert not problems, "\n".join(problems)


def test_checker_fails_on_a_typed_met_and_passes_a_computed_one() -> None:
    typed = """
targets = pd.DataFrame(
    [
        ("test accuracy", ">= 0.99", f"{accuracy:.4f}", True),
        ("robust accuracy", ">= 0.80", f"{robust:.4f}", robust >= 0.8),
    ],
    columns=["target", "wanted", "measured", "met"],
)
"""
    assert literal_met_rows(typed) == [
        "line 4: met is a literal True: ('test accuracy', '>= 0.99', f'{accuracy:.4f}', True)"
    ]
    computed = typed.replace('f"{accuracy:.4f}", True)', 'f"{accuracy:.4f}", accuracy >= 0.99)')
    assert literal_met_rows(computed) == []
    rows_built_apart = (
        'rows = [("time", "<= 15 min", "13.0", False)]\npd.DataFrame(rows, columns=["t", "wanted", "m", "met"])'
    )
    assert len(literal_met_rows(rows_built_apart)) == 1
    as_dict = 'pd.DataFrame({"target": ["a", "b"], "met": [True, b > 1]})'
    assert len(literal_met_rows(as_dict)) == 1
    reported = 'pd.DataFrame([("XLA", "reported", "0.88x", "")], columns=["target", "wanted", "measured", "met"])'
    assert literal_met_rows(reported) == []
    reported_with_met = reported.replace('"0.88x", ""', '"0.88x", speedup > 0')
    assert "leaves met empty" in literal_met_rows(reported_with_met)[0]
    assert literal_met_rows('%timeit f()\nprint({"met": 1})') == []


def test_columns_by_name_and_rows_appended_in_the_cell() -> None:
    source = """
cols = ["target", "wanted", "measured", "met"]
rows = [("size", "<= 200 kB", "116", size <= 200)]
rows.append(("speed", ">= 2x", "1.1x", "yes"))
rows += [("agree", "<= 1e-5", "3e-7", 1)]
pd.DataFrame(rows, columns=cols)
"""
    problems = sorted(literal_met_rows(source))
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 5"], problems
    assert "'yes'" in problems[0] and "literal 1" in problems[1], "any constant is typed, not only a bool"


def test_dict_rows_and_reported_rows() -> None:
    typed = 'pd.DataFrame([dict(target="a", wanted=">= 1", met=True), dict(target="b", wanted=">= 1", met=b >= 1)])'
    assert len(literal_met_rows(typed)) == 1
    reported = 'pd.DataFrame([dict(target="XLA", wanted="reported", met=None), {"wanted": "reported", "met": ""}])'
    assert literal_met_rows(reported) == []
    assert len(literal_met_rows(reported.replace('"met": ""', '"met": "no"'))) == 1
    target_with_empty = 'pd.DataFrame([dict(target="a", wanted=">= 1", met="")])'
    assert len(literal_met_rows(target_with_empty)) == 1, "an empty met is allowed only on a reported row"


def test_unrelated_tuples_and_dicts_are_not_read() -> None:
    source = """
cols = ["target", "wanted", "measured", "met"]
shape = (28, 28, 1, True)
print({"met": True})
pd.DataFrame([("acc", ">= 0.9", "0.95", acc >= 0.9)], columns=cols)
"""
    assert literal_met_rows(source) == []
