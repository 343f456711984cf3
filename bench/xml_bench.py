"""The XML remittance: writing it (with its read-back), and checking a written file against the XSD, at N persons.

Run: ``python bench/xml_bench.py [--persons 100000]``. Writes the XML of N generated persons with
the writer the run uses (it reads what it writes back as it goes: the persons against the XSD's
types in their written form, the rest against the XSD), then times, each in a fresh process so
that its peak RSS is its own: ``check`` (``check_xml``: the streamed parse validated against the
XSD, sums and totals) and ``parse`` (the same streamed parse without the XSD: what the schema
costs is the difference). CPU seconds beside the wall clock: the machine may be shared. Every size
is repeated at a tenth of N: memory must not grow with N.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from peak import peak_rss_mb
from remit_bench import PERIOD, ROOT, results

from osms_payroll.remit import NAMESPACE, RemitOptions, Remittance, check_xml
from osms_payroll.remit.payer import load_employer

STEPS = ("check", "parse")


def _parse(path: Path) -> int:
    """The streamed parse of check_xml without the schema."""
    persons = 0
    person = f"{{{NAMESPACE}}}person"
    for _event, element in etree.iterparse(str(path), events=("end",), tag=person, resolve_entities=False, no_network=True):
        persons += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return persons


def worker(step: str, path: Path) -> None:
    started, used = time.perf_counter(), time.process_time()
    persons = check_xml(path).persons if step == "check" else _parse(path)
    print(json.dumps({
        "persons": persons, "seconds": time.perf_counter() - started, "cpu": time.process_time() - used,
        "peak_mb": peak_rss_mb(),
    }))


def measure(step: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--worker", step, str(path)], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--worker", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.file)
        return
    employer = load_employer(ROOT / "templates" / "sample" / "employer.toml")
    print(f"{'step':6} {'persons':>9} {'MB':>6} {'seconds':>8} {'CPU s':>7} {'persons/s (CPU)':>16} {'peak RSS MB':>12}")
    for persons in (args.persons // 10, args.persons):
        with tempfile.TemporaryDirectory(prefix="xml-bench-") as folder:
            started, used = time.perf_counter(), time.process_time()
            remittance = Remittance(employer, PERIOD, Path(folder), RemitOptions(value_date=date(2026, 11, 5), formats=("xml",)))
            for result in results(persons, 2026):
                remittance.add(result)
            remittance.close()
            seconds, cpu = time.perf_counter() - started, time.process_time() - used
            path = next(Path(folder).glob("*.xml"))
            size = path.stat().st_size / 1e6  # float-ok: megabytes
            print(f"{'write':6} {persons:9} {size:6.0f} {seconds:8.2f} {cpu:7.2f} {'(with engine)':>16} {'':>12}")
            for step in STEPS:
                found = measure(step, path)
                print(f"{step:6} {persons:9} {size:6.0f} {found['seconds']:8.2f} {found['cpu']:7.2f} "
                      f"{persons / found['cpu']:16,.0f} {found['peak_mb']:12.0f}")


if __name__ == "__main__":
    main()
