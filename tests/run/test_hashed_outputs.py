"""A large output is hashed as it is written: results.json (hundreds of MB in a big month) is
described in the manifest without being read again, with the digest the file really has."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll import fileio
from osms_payroll.fileio import AtomicFile, open_hashed_text
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.run import manifest
from osms_payroll.run.discover import Job
from osms_payroll.run.job import RunOptions, run_month

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "sample"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=40), st.integers(1, 3000))
def test_the_digest_kept_while_writing_is_the_file_s(tmp_path_factory, chunks, repeat):
    path = tmp_path_factory.mktemp("hashed") / "out.json"
    text, hashed = open_hashed_text(path)
    with text:
        for chunk in chunks:
            text.write(chunk * (repeat if len(chunk) == 1 else 1))  # some writes past the buffer's size
    data = path.read_bytes()
    assert data == "".join(c * (repeat if len(c) == 1 else 1) for c in chunks).encode("utf-8")
    assert hashed.described() == (hashlib.sha256(data).hexdigest(), len(data))


@pytest.mark.parametrize("zipped", [False, True])
def test_an_atomic_file_is_described_as_it_lies_whether_written_straight_or_patched_behind(tmp_path, monkeypatch, zipped):
    # A zip goes back to patch each member's header: the digest kept while writing no longer holds,
    # and the file is read; written straight through, it is not read again.
    read: list[Path] = []
    original = fileio.sha256_file
    monkeypatch.setattr(fileio, "sha256_file", lambda path: (read.append(path), original(path))[1])
    target = AtomicFile(tmp_path / ("out.zip" if zipped else "out.bin"))
    with target.open() as stream:
        if zipped:
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as book:
                book.writestr("a.xml", "<a/>" * 5000)
                book.writestr("b.xml", "Иванов Иван " * 300)
        else:
            for n in range(2000):
                stream.write(f"{n} Иванов Иван\n".encode())
    digest, size = target.commit()
    data = target.target.read_bytes()
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert bool(read) == zipped
    if zipped:
        assert zipfile.ZipFile(target.target).read("a.xml") == b"<a/>" * 5000


def test_the_manifest_describes_results_json_without_reading_it_again(tmp_path, monkeypatch):
    read: list[str] = []
    original = manifest.sha256_file
    monkeypatch.setattr(manifest, "sha256_file", lambda path: (read.append(path.name), original(path))[1])
    options = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
    result = run_month(Job(SAMPLE / "employer.toml", (SAMPLE / "payroll.xlsx",)), default_params(), options, tmp_path, processes=1)
    assert result.status == "written", result.problems
    assert "results.json" not in read and read  # the errors report is still read: it is small
    outputs = {o["name"]: o for o in json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    data = (result.folder / "results.json").read_bytes()
    assert (outputs["results.json"]["sha256"], outputs["results.json"]["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
