"""No legal number in Python code: rates, caps, МЗП/МРП, ages and codes live in law/data.

The check collects every value the parameter files hold and fails when the same number (or
code) is written as a literal in ``osms_payroll``: any float; a decimal string or code equal to
a legal value; an integer equal to a legal value — anywhere when it is 100 or more, and, for the
small counts (7 МЗП, 14 МРП, 18 years…) that also serve as column widths and slice bounds, where
it is computed with (an operand of ``*``, ``/``, ``-``, ``+`` or a comparison). Identifier
algorithms (``ids/``) are structural, not law. A structural use that happens to match can be
marked on its line with ``# legal-number-ok: <why>``.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import osms_payroll
from osms_payroll.law import default_params

PACKAGE = Path(osms_payroll.__file__).parent
STRUCTURAL = {Decimal(0), Decimal(1), Decimal(2)}
CODE_LIKE = re.compile(r"^[0-9A-Z]{3,}$")
SMALL = 100


def _legal_values() -> tuple[set[Decimal], set[str]]:
    numbers: set[Decimal] = set()
    codes: set[str] = set()
    for parameter in default_params().parameters.values():
        for value in parameter.values:
            raw = value.value
            if isinstance(raw, Decimal):
                numbers.add(raw)
            elif isinstance(raw, str) and CODE_LIKE.match(raw):
                codes.add(raw)
                if raw.isdigit():
                    numbers.add(Decimal(raw))
    return numbers - STRUCTURAL, codes


def _literals(path: Path) -> list[tuple[int, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    computed: set[int] = set()
    layout: set[int] = set()  # f-string format specs ("{name:14}") are widths, not law
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.FloorDiv):
            computed.update((id(node.left), id(node.right)))
        elif isinstance(node, ast.Compare):
            computed.update(id(n) for n in (node.left, *node.comparators))
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            layout.update(id(n) for n in ast.walk(node.format_spec))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and id(node) not in docstrings
        and id(node) not in layout
        and not isinstance(node.value, bool)
        and (not isinstance(node.value, int) or node.value >= SMALL or id(node) in computed)
    ]


def _offences(root: Path, numbers: set[Decimal], codes: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "ids" in path.relative_to(root).parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, value in _literals(path):
            if "legal-number-ok" in lines[lineno - 1]:
                continue
            if isinstance(value, float):
                found.append(f"{path.name}:{lineno}: float literal {value!r} (money and rates are Decimal data)")
                continue
            number = None
            if isinstance(value, int):
                number = Decimal(value)
            elif isinstance(value, str):
                if value in codes:
                    found.append(f"{path.name}:{lineno}: code {value!r} belongs in law/data")
                    continue
                try:
                    number = Decimal(value.strip()) if value.strip() else None
                except InvalidOperation:
                    number = None
            if number is not None and number.is_finite() and number in numbers:
                found.append(f"{path.name}:{lineno}: {value!r} equals a legal value of law/data")
    return found


def test_no_legal_number_in_python_code():
    numbers, codes = _legal_values()
    assert Decimal("0.03") in numbers and Decimal("85000") in numbers and "121" in codes
    assert _offences(PACKAGE, numbers, codes) == []


def test_the_check_catches_a_planted_rate(tmp_path):
    (tmp_path / "planted.py").write_text(
        '"""Doc 0.03."""\nRATE = "0.03"\nKNP = "121"\nCAP = mzp * 40\nX = 0.5\n'
        "OK = mzp * 40  # legal-number-ok: test\nWIDTHS = (40, 14)\nAGE = age < 18\nMZP = 85000\n",
        encoding="utf-8",
    )
    (tmp_path / "ids").mkdir()
    (tmp_path / "ids" / "check.py").write_text("WEIGHTS = (10, 11)\n", encoding="utf-8")
    numbers, codes = _legal_values()
    assert sorted(int(o.split(":")[1]) for o in _offences(tmp_path, numbers, codes)) == [2, 3, 4, 5, 8, 9]
