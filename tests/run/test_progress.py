"""The progress bar: at a terminal it moves with the rows (count, total, time left), and the
employers bar counts employers; piped, nothing (see test_run_e2e)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

from osms_payroll.i18n import _
from osms_payroll.run.progress import estimate_rows
from tests.run.test_executors import company_bin
from tests.run.test_nothing_lost import CLI, DATES, client, rows

ROWS = 400


def _at_a_terminal(*args: str | Path) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal (as a person runs it); return code and what it drew."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal 120 wide
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.Popen([CLI, *map(str, args)], stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        drawn += chunk
    proc.wait()
    os.close(leader)
    assert proc.stdout is not None
    proc.stdout.close()
    return proc.returncode, drawn.decode("utf-8", "replace")


def test_the_bar_advances_with_rows_at_a_terminal(tmp_path):
    inputs = client(tmp_path / "in", "acme", rows(ROWS))
    assert estimate_rows([inputs / "payroll.csv"]) == ROWS + 1  # the header line counts in the estimate
    code, drawn = _at_a_terminal("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", *DATES)
    assert code == 0, drawn
    counts = [(int(done), int(total)) for done, total in re.findall(rf"{_('progress.rows')}:.*?(\d+)/(\d+)", drawn)]
    assert counts[0] == (0, ROWS + 1)  # drawn before the first row, out of the estimate
    assert counts[-1] == (ROWS, ROWS)  # every row read; the estimate's header line dropped at the end
    assert all(a[0] <= b[0] for a, b in zip(counts, counts[1:]))  # it only moves forward
    assert re.search(r"1/1 \[", drawn)  # the employers bar: one of one done
    assert "<" in drawn  # tqdm's elapsed<remaining: the time left is shown
    assert "150340012340" not in drawn.split("\n")[0]  # counts only on the bar line, no names or folders



def test_the_rows_bar_advances_when_employers_run_in_worker_processes(tmp_path):
    # Two employers of 1 500 persons each on two workers: the workers count their rows for the bar.
    root = tmp_path / "in"
    client(root, "acme", rows(1500))
    client(root, "beta", rows(1500, first=5000), number=company_bin(2))
    code, drawn = _at_a_terminal("run", root, "--period", "2026-10", "--out", tmp_path / "out", "--jobs", "2", *DATES)
    assert code == 0, drawn
    counts = [int(done) for done, _total in re.findall(rf"{_('progress.rows')}:.*?(\d+)/(\d+)", drawn)]
    assert counts[0] == 0 and counts[-1] == 3000  # every row of both employers, counted in the workers
    assert any(0 < done < 3000 for done in counts), counts  # it moved on the way, not only at the end
    assert all(a <= b for a, b in zip(counts, counts[1:]))
    assert re.search(r"2/2 \[", drawn)
