"""No English sentence is built in Python where a user reads it: the words of an issue, a refusal
(an exception), a web problem or a warning come from the message catalogs.

The scan reads the package's syntax trees: a string literal (or the literal parts of an f-string)
of three or more English words with a function word among them, passed to ``Issue``, ``Problem``,
``Rejection``, ``NameProblem``, any ``…Error``/``…Exception``, or appended to a list of warnings,
notes or problems. The modules still holding such texts are listed with their count: a count may
only go down (lower it when you move texts to the catalogs), a module not listed must hold none.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import osms_payroll

PACKAGE = Path(osms_payroll.__file__).parent
_CALLS = {"Issue", "Problem", "Rejection", "NameProblem"}
_COLLECTIONS = re.compile(r"warning|note|problem", re.IGNORECASE)
_PROSE = re.compile(r"[A-Za-z']+(?:[ ,;:()-]+[A-Za-z']+){2,}")
_FUNCTION_WORD = re.compile(r"\b(the|is|not|a|an|of|to|in|must|no|for|with|be|has|and|or)\b")

#: Modules not yet moved to the catalogs, with the number of such texts each holds today.
REMAINING = {
    "__init__.py": 1,
}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _said(call: ast.Call) -> bool:
    """A call whose arguments a user reads: an issue, a refusal, a problem, a warning kept for later."""
    name = _name(call.func)
    if name in _CALLS or name.endswith(("Error", "Exception")):
        return True
    if name in ("append", "add") and isinstance(call.func, ast.Attribute):
        return bool(_COLLECTIONS.search(ast.unparse(call.func.value)))
    return False


def _literals(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield " ".join(part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str))
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def prose(text: str) -> bool:
    """Three or more English words with a function word among them (placeholders do not count)."""
    found = _PROSE.search(re.sub(r"\{[^}]*\}", " ", text))
    return found is not None and _FUNCTION_WORD.search(found.group(0)) is not None


def offences(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _said(node):
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                out += [(node.lineno, text) for text in _literals(argument) if prose(text)]
    return out


def test_the_scan_catches_a_planted_sentence_and_passes_a_catalog_lookup():
    planted = 'raise InputError(f"{path}: the file is empty; give it rows")\nwarnings.append("the cap is not known")\n'
    assert [line for line, _text in offences(planted)] == [1, 2]
    clean = 'raise InputError(_("input.empty_file", file=path))\nwarnings.append(Message("reuse.period", period=p))\n'
    assert offences(clean) == []


def test_no_module_holds_more_english_sentences_for_users_than_it_did():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        count = len(offences(path.read_text(encoding="utf-8")))
        if count:
            found[path.relative_to(PACKAGE).as_posix()] = count
    grown = {module: (count, REMAINING.get(module, 0)) for module, count in found.items() if count > REMAINING.get(module, 0)}
    assert grown == {}, "move these texts to the message catalogs (module: (found, allowed))"
