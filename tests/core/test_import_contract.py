"""The floors of the house: law → engine → intake / report / remit → run → cli, nothing imports upward.

Every module of the package is parsed with ``ast`` (imports inside functions count too). The
contract: each module imports only its own floor or lower ones; engine and law import nothing of
intake, report, remit, run, cli or web; only the plugins themselves import ``osms_payroll.adapters``
(the core reaches them through entry points); rooms (the first name under the package: ``law``,
``engine``, ``remit``, a kernel module…) import each other without cycles; and the house is at
most 8 floors tall: the longest chain of rooms, each importing the next, from ``cli`` down to
``law``. (Rooms, not modules: how a room layers its own modules — the payslip package over the
core result — is its own business; a chain of rooms is what made the old house 11 floors tall.)
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "osms_payroll"
MAX_FLOORS = 8

#: The floor of each room (first name under the package); the kernel is floor 0.
FLOORS = {
    "period": 0, "money": 0, "issues": 0, "fileio": 0, "gcpace": 0, "ids": 0, "version": 0, "i18n": 0,
    "law": 1,
    "engine": 2,
    "intake": 3, "report": 3, "remit": 3, "adapters": 3,
    "run": 4,
    "": 5,  # the package itself: the public SDK
    "cli": 6, "__main__": 6, "web": 6,
}
CORE = ("law", "engine")
EDGES = ("intake", "report", "remit", "run", "cli", "web")


def modules(root: Path, name: str = "osms_payroll") -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([name, *parts])] = path
    return found


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``module`` imports (``from a import b`` counts ``a.b`` when it is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(root: Path, name: str = "osms_payroll", floors: dict[str, int] = FLOORS) -> tuple[list[str], int]:
    """Every broken rule, and the height of the house: rooms on the longest chain from cli down to law."""
    found = modules(root, name)
    known = set(found)
    graph = {module: imports(module, path, known) for module, path in found.items()}
    problems = []
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        here = room(module)
        if here not in floors:
            problems.append(f"{module}: room {here!r} has no floor; add it to FLOORS")
            continue
        for target in sorted(targets):
            there = room(target)
            if there != here:
                rooms.setdefault(here, set()).add(there)
            if here in CORE and there in EDGES:
                problems.append(f"{module} (core) imports the edge {target}")
            elif floors.get(there, 99) > floors[here]:
                problems.append(f"{module} (floor {floors[here]}) imports upward {target} (floor {floors.get(there)})")
            if there == "adapters" and here != "adapters":
                problems.append(f"{module} imports the plugin {target}; reach it through its entry point")

    @lru_cache(maxsize=None)
    def height(here: str, trail: tuple[str, ...] = ()) -> int:
        """Rooms on the longest chain from ``here`` down to law (0 if none reaches law)."""
        if here in trail:
            problems.append(f"rooms import each other in a cycle: {' → '.join((*trail, here))}")
            return 0
        below = [height(there, (*trail, here)) for there in sorted(rooms.get(here, ()))]
        best = max((b for b in below if b), default=0)
        if best:
            return best + 1
        return 1 if here == "law" else 0

    return problems, height("cli")


def test_the_package_keeps_its_floors():
    problems, floors = violations(PACKAGE)
    assert problems == []
    assert 0 < floors <= MAX_FLOORS, f"{floors} floors from law to cli"
    print(f"{floors} floors from law to cli")


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "osms_payroll"
    for relative, text in {"__init__.py": "", "law/__init__.py": "", "engine/__init__.py": "",
                           "cli/__init__.py": "", **files}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"engine/bad.py": "from osms_payroll.remit import xml\n", "remit/__init__.py": "", "remit/xml.py": ""},
         "osms_payroll.engine.bad (core) imports the edge osms_payroll.remit.xml"),
        ({"law/bad.py": "def f():\n    import osms_payroll.run.job\n", "run/__init__.py": "", "run/job.py": ""},
         "osms_payroll.law.bad (core) imports the edge osms_payroll.run.job"),
        ({"remit/__init__.py": "", "remit/bad.py": "from ..run import job\n", "run/__init__.py": "", "run/job.py": ""},
         "osms_payroll.remit.bad (floor 3) imports upward osms_payroll.run.job (floor 4)"),
        ({"intake/__init__.py": "", "intake/reader.py": "from osms_payroll.adapters.generic import G\n",
          "adapters/__init__.py": "", "adapters/generic.py": ""},
         "osms_payroll.intake.reader imports the plugin osms_payroll.adapters.generic; reach it through its entry point"),
    ],
)
def test_a_planted_bad_import_is_caught(tmp_path, files, expected):
    problems, _floors = violations(_tree(tmp_path, files))
    assert expected in problems


def test_a_tower_taller_than_eight_floors_is_caught(tmp_path):
    # law ← r1 ← … ← r8 ← cli: ten rooms in one chain, each on its own floor (no rule broken but height)
    floors = {"": 20, "law": 1, "engine": 2, "cli": 30, **{f"r{n}": 2 + n for n in range(1, 9)}}
    files = {"law/base.py": "", "cli/c.py": "import osms_payroll.r8.m\n", "r1/m.py": "import osms_payroll.law.base\n"}
    files.update({f"r{n}/m.py": f"import osms_payroll.r{n - 1}.m\n" for n in range(2, 9)})
    problems, height = violations(_tree(tmp_path, files), floors=floors)
    assert problems == [] and height == 10 > MAX_FLOORS


def test_a_cycle_between_rooms_is_caught(tmp_path):
    # intake and report on one floor, importing each other: a loop, not a house
    files = {"intake/__init__.py": "", "intake/a.py": "import osms_payroll.report.b\n",
             "report/__init__.py": "", "report/b.py": "import osms_payroll.intake.a\n",
             "cli/c.py": "import osms_payroll.report.b\n", "law/base.py": ""}
    problems, _height = violations(_tree(tmp_path, files))
    assert any(p.startswith("rooms import each other in a cycle") for p in problems)
