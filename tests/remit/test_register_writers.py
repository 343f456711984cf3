"""The register written by XlsxWriter and by the Rust writer of the ``fast`` extra: the same sheets,
cells, formats and print settings (read back with openpyxl, cell by cell), and with either writer
the same bytes from run to run.

The test command (``bash .ci/run``) installs the extra; a venv without it fails here on import
(``pip install -e '.[fast]'``), never skips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from osms_payroll.engine.result import Result

import rustpy_xlsxwriter  # noqa: F401  the fast extra, which the test command (.ci/run) installs

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("osms-payroll"))
REGISTER = Path("2026-10") / "150340012340" / "osms-2026-10-register.xlsx"


def _register(root: Path, writer: str) -> Path:
    """The sample month's register, written by ``writer`` through the installed command."""
    sample = root / "sample"
    if not sample.exists():
        shutil.copytree(ROOT / "templates" / "sample", sample, ignore=shutil.ignore_patterns("*.py"))
    out = root / f"out-{writer}-{len(list(root.iterdir()))}"
    proc = subprocess.run(
        [CLI, "run", str(sample), "--period", "2026-10", "--out", str(out), "--value-date", "2026-11-05", "--doc-date", "2026-11-05"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "OSMS_XLSX_WRITER": writer},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / REGISTER


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("writers")
    return {writer: _register(root, writer) for writer in ("xlsxwriter", "rust")}


def _cell(cell: openpyxl.cell.cell.Cell) -> tuple[object, ...]:
    font, align, border, fill = cell.font, cell.alignment, cell.border, cell.fill
    return (
        cell.value, cell.data_type if cell.data_type != "n" else "n", cell.number_format,
        bool(font.b), bool(font.i), font.sz, bool(align.wrap_text), align.vertical,
        border.top.style, border.left.style, fill.fill_type, fill.fgColor.rgb if fill.fill_type else None,
    )


def _sheet(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, object]:
    setup, margins, footer = sheet.page_setup, sheet.page_margins, sheet.oddFooter
    return {
        "cells": {cell.coordinate: _cell(cell) for row in sheet.iter_rows() for cell in row if cell.has_style or cell.value is not None},
        "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
        "heights": {key: dim.height for key, dim in sheet.row_dimensions.items() if dim.height is not None},
        "merged": sorted(str(cells) for cells in sheet.merged_cells.ranges),
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "print": (
            setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight if setup.fitToHeight is not None else 1,
            sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.print_title_rows,
        ),
        "margins": (margins.left, margins.right, margins.top, margins.bottom),
        "footer": (footer.left.text, footer.center.text, footer.right.text),
    }


def test_both_writers_write_the_same_register_cell_by_cell(books: dict[str, Path]) -> None:
    ours, rust = (openpyxl.load_workbook(books[writer]) for writer in ("xlsxwriter", "rust"))
    assert rust.sheetnames == ours.sheetnames == ["Сводка", "КНП 121", "КНП 122", "Без начислений", "Пояснения"]
    for name in ours.sheetnames:
        expected, got = _sheet(ours[name]), _sheet(rust[name])
        for key in expected:
            assert got[key] == expected[key], f"{name}: {key}"
    assert ours["КНП 121"]["A3"].value == 1 and ours["КНП 121"].print_title_rows == "$2:$2"  # the comparison saw the list
    for attribute in ("title", "creator", "description", "created", "modified"):
        assert getattr(rust.properties, attribute) == getattr(ours.properties, attribute), attribute


@pytest.mark.parametrize("writer", ["xlsxwriter", "rust"])
def test_same_inputs_give_the_same_bytes_with_either_writer(books: dict[str, Path], writer: str, tmp_path: Path) -> None:
    again = _register(tmp_path, writer)
    assert again.read_bytes() == books[writer].read_bytes()


def test_the_writers_bytes_differ(books: dict[str, Path]) -> None:
    # Each writer really wrote its own file: the comparison above is between two writers.
    assert books["rust"].read_bytes() != books["xlsxwriter"].read_bytes()


@pytest.mark.parametrize("writer", ["xlsxwriter", "rust"])
def test_no_column_draws_a_border_on_the_empty_rows(books: dict[str, Path], writer: str) -> None:
    # A column's own style shows on every row without a cell: a bordered one drew stray lines
    # beside the summary's blank separator rows when printed (seen in LibreOffice's PDF).
    for sheet in openpyxl.load_workbook(books[writer]).worksheets:
        edges = {key: (dim.border.top.style, dim.border.bottom.style, dim.border.left.style, dim.border.right.style)
                 for key, dim in sheet.column_dimensions.items()}
        assert all(edge == (None, None, None, None) for edge in edges.values()), (sheet.title, edges)


@pytest.mark.parametrize("rows", [0, 2, 3, 8])
def test_a_sheet_s_rows_come_back_in_order_from_disk_and_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    from osms_payroll.remit.xlsx import rust_backend

    monkeypatch.setattr(rust_backend, "_BATCH", 3)  # full batches go to disk, the last partial one stays in memory
    spool = rust_backend._Spool(lambda: str(tmp_path), 0)
    written = [(n, f"Иванов {n}") for n in range(rows)]
    for values in written:
        spool.add(values)
    spool.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == (["sheet0.pickle"] if rows >= 3 else [])  # a small sheet never touches the disk
    expected = [{"n": n, "name": name} for n, name in written] or [{"n": None, "name": None}]
    assert list(spool.records(("n", "name"))) == expected


def test_a_sheet_streamed_and_a_sheet_held_in_memory_are_the_same_cell_by_cell(
    tmp_path: Path, small_results: list[Result], run: Callable[..., object], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The sample's sheets are small, so the books above hold them in memory; a big month's lists
    # are streamed through temporary files (constant memory): the same workbook either way.
    from osms_payroll.remit.xlsx import layout

    monkeypatch.setenv("OSMS_XLSX_WRITER", "rust")
    run(small_results, tmp_path / "held", formats=("xlsx",))
    monkeypatch.setattr(layout, "IN_MEMORY_ROWS", 0)
    run(small_results, tmp_path / "streamed", formats=("xlsx",))
    held, streamed = (openpyxl.load_workbook(tmp_path / way / "osms-2026-10-register.xlsx") for way in ("held", "streamed"))
    assert streamed.sheetnames == held.sheetnames
    for name in held.sheetnames:
        assert _sheet(streamed[name]) == _sheet(held[name]), name
    assert (tmp_path / "held" / "osms-2026-10-register.xlsx").read_bytes() != (tmp_path / "streamed" / "osms-2026-10-register.xlsx").read_bytes()
