"""The JSON API through a real uvicorn server: the CLI's numbers, bad input as 4xx, never a 500."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from osms_payroll.web.app import ROUTES
from osms_payroll.web.labels import KEYS, labels
from tests.conftest import DATA
from tests.web.conftest import DATES, LIMIT, Api, osms, sample_upload

PROBLEM = "application/problem+json"


def sample_lines() -> list[dict[str, Any]]:
    """The suite's sample payroll as JSON lines: amounts as JSON numbers, empty cells left out."""
    with (DATA / "sample-payroll.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for row in rows:
        line: dict[str, Any] = {key: value for key, value in row.items() if value}
        line["gross"] = int(line["gross"])
        lines.append(line)
    return lines


def cli_json(tmp_path: Path, document: dict[str, Any], *flags: str) -> tuple[int, bytes]:
    # The API names its lines request.json; the CLI reads a file of that name for the same locations.
    (tmp_path / "request.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    proc = osms("calc", "request.json", "--format", "json", *flags, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, proc.stdout.encode()


@pytest.mark.parametrize(("endpoint", "flags"), [("/api/v1/calc", ()), ("/api/v1/payslip", ("--payslip",))])
def test_calc_is_the_cli_json_for_the_same_lines(api: Api, tmp_path: Path, endpoint: str, flags: tuple[str, ...]) -> None:
    document = {"period": "2026-10", "lines": sample_lines()}
    code, expected = cli_json(tmp_path, document, *flags)
    response = api.post_json(endpoint, document)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.data == expected
    assert code == 0
    totals = json.loads(response.data)["totals"]
    # The suite's sample month: the golden totals of templates/sample (README, run summary).
    assert (totals["oosms"], totals["vosms"], totals["persons"]) == ("461250", "242300", 24)


def test_gross_up_is_calc_from_net(api: Api, tmp_path: Path) -> None:
    # 2025-11, net 401 505 ⇐ gross 500 000 (tests/payslip/test_cli_payslip.py, hand-checked there).
    document = {"lines": [{"iin": "850314353054", "period": "2025-11", "net": 401505}]}
    _code, expected = cli_json(tmp_path, document, "--from-net")
    response = api.post_json("/api/v1/gross-up", document)
    assert response.status == 200 and response.data == expected
    (result,) = json.loads(response.data)["results"]
    assert (result["gross"], result["net"], result["net_exact"]) == ("500000", "401505", True)


def test_a_bad_iin_line_is_reported_and_the_others_computed(api: Api, tmp_path: Path) -> None:
    lines = sample_lines()
    bad = {**lines[2], "iin": "850314353055"}  # the last digit is not the check digit
    lines.insert(3, bad)
    document = {"period": "2026-10", "lines": lines}
    code, expected = cli_json(tmp_path, document)
    response = api.post_json("/api/v1/calc", document)
    assert response.status == 200 and response.data == expected and code == 1
    body = json.loads(response.data)
    (error,) = body["errors"]
    assert (error["code"], error["row"], error["column"], error["file"]) == ("iin.checksum", 4, "iin", "request.json")
    assert body["totals"]["persons"] == 24 and body["totals"]["rejected_rows"] == 1
    assert "850314353055" not in error["message"]


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_files_zip_holds_what_run_writes_for_the_same_dates(api: Api, sample_folder: Path, tmp_path: Path) -> None:
    out = sample_folder / "out"  # as on the server: the uploads, and beside them the output folder
    proc = osms("run", sample_folder, "--period", "2026-10", "--out", out,
                "--value-date", DATES["value_date"], "--doc-date", DATES["doc_date"])
    assert proc.returncode == 0, proc.stderr
    folder = out / "2026-10" / "150340012340"
    response = api.post_form("/api/v1/files", sample_upload())
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/zip"
    entries = _entries(response.data)
    written = sorted(p.name for p in folder.iterdir())
    assert sorted(entries) == [f"2026-10/150340012340/{name}" for name in written]
    # The server names each input by its upload name; run by the path it was given. With the folder
    # taken off run's paths, every file is the same bytes, and the manifests differ only in the hash
    # of results.json, which follows those paths.
    prefix = (str(sample_folder.resolve()) + "/").encode()
    for name in written:
        ours = entries[f"2026-10/150340012340/{name}"]
        theirs = (folder / name).read_bytes()
        if name in ("results.json", "manifest.json"):
            theirs = theirs.replace(prefix, b"")
        if name == "manifest.json":
            ours_doc, theirs_doc = json.loads(ours), json.loads(theirs)
            for doc in (ours_doc, theirs_doc):
                doc["outputs"] = [o for o in doc["outputs"] if o["name"] != "results.json"]
            assert ours_doc == theirs_doc
        else:
            assert ours == theirs, name
    assert _entries(api.post_form("/api/v1/files", sample_upload()).data) == entries, "same inputs, same bytes"


def test_one_file_of_the_month_by_name(api: Api, sample_folder: Path) -> None:
    response = api.post_form("/api/v1/files?name=osms-2026-10-knp121.mt102", sample_upload())
    assert response.status == 200
    assert response.data == (Path(__file__).parents[1] / "golden_output" / "sample-2026-10" / "osms-2026-10-knp121.mt102").read_bytes()
    missing = api.post_form("/api/v1/files?name=nothing.txt", sample_upload())
    assert missing.status == 404 and missing.headers["Content-Type"] == PROBLEM


def test_a_garbage_workbook_is_a_4xx_with_a_message_and_the_server_still_answers(api: Api) -> None:
    fields = {**sample_upload(), "files": ("payroll.xlsx", b"PK\x03\x04 this is not a workbook" * 50)}
    response = api.post_form("/api/v1/files", fields)
    assert response.status == 422
    problem = json.loads(response.data)
    assert problem["code"] == "run.failed" and problem["status"] == 422
    assert "payroll.xlsx: книгу не удаётся прочитать" in problem["detail"]  # the page's language, Russian by default
    assert "osms-web-" not in problem["detail"], "no server path in the message"
    assert api.get("/api/v1/rates?period=2026-10").status == 200
    assert api.post_form("/api/v1/files", {**fields, "files": ("notes.pdf", b"%PDF")}).status == 415


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"lines": [', 400, "request.malformed"),
        (b"\xff\xfe not utf-8", 400, "request.malformed"),
        (b'{"lines": [1e999]}', 400, "request.invalid"),
        (b'{"lines": {"iin": "1"}}', 400, "request.invalid"),
        (b'{"lines": [], "extra": 1}', 400, "request.invalid"),
        (b'{"lines": [], "payslip": "yes"}', 400, "request.invalid"),
        (b'["not an object"]', 400, "request.invalid"),
        (b'{"period": "2026-13", "lines": []}', 400, "request.invalid"),
    ],
)
def test_malformed_json_is_a_4xx_problem(api: Api, body: bytes, status: int, code: str) -> None:
    response = api.post_json("/api/v1/calc", body)
    assert response.status == status
    assert response.headers["Content-Type"] == PROBLEM
    problem = json.loads(response.data)
    assert problem["code"] == code and problem["status"] == status and problem["detail"]


def test_an_oversize_request_is_413_declared_or_streamed(api: Api) -> None:
    big = b'{"lines": [' + b" " * (2 * LIMIT) + b"]}"
    response = api.post_json("/api/v1/calc", big)
    assert response.status == 413 and json.loads(response.data)["code"] == "request.too_large"

    def chunks():  # no Content-Length: the limit counts the bytes as they arrive
        yield b'{"lines": ['
        for _ in range(40):
            yield b" " * (LIMIT // 16)
        yield b"]}"

    streamed = api.http.request("POST", api.base + "/api/v1/calc", body=chunks(), chunked=True,
                                headers={"Content-Type": "application/json"})
    assert streamed.status == 413
    assert api.get("/openapi.json").status == 200


def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    assert json.loads(api.get("/api/v1/nothing").data)["code"] == "request.not_found"
    wrong = api.get("/api/v1/calc")
    assert wrong.status == 405 and json.loads(wrong.data)["code"] == "request.method" and wrong.headers["Allow"] == "POST"


def test_rates_are_the_cli_rates(api: Api) -> None:
    proc = osms("rates", "--period", "2026-10", "--format", "json")
    response = api.get("/api/v1/rates?period=2026-10")
    assert response.status == 200 and json.loads(response.data) == json.loads(proc.stdout)
    assert json.loads(api.get("/api/v1/rates?period=2010-01").data)["code"] == "params.missing"
    assert json.loads(api.get("/api/v1/rates?period=20x").data)["code"] == "period.format"
    assert json.loads(api.get("/api/v1/rates?period=").data)["code"] == "period.format"


def test_openapi_lists_every_route_and_docs_show_it_offline(api: Api) -> None:
    document = json.loads(api.get("/openapi.json").data)
    assert document["openapi"].startswith("3.1")
    routes = {(route.path, method.lower()) for route in ROUTES for method in route.methods or () if method != "HEAD"}
    listed = {(path, method) for path, item in document["paths"].items() for method in item}
    assert listed == routes
    docs = api.get("/docs").data.decode()
    for path, _method in routes:
        assert f"{path}</code>" in docs
    for page in (docs, api.get("/").data.decode()):
        links = re.findall(r'(?:src|href|action)="([^"]*)"', page)
        assert links and all(link.startswith(("/", "#")) and not link.startswith("//") for link in links), "nothing from another host"


def test_nothing_is_kept_after_a_request(api: Api) -> None:
    before = set(Path(tempfile.gettempdir()).glob("osms-web-*"))
    assert api.post_form("/api/v1/files", sample_upload()).status == 200
    assert api.post_form("/api/v1/files", {**sample_upload(), "files": ("payroll.xlsx", b"garbage")}).status == 422
    assert api.post_form("/api/v1/files", {**sample_upload(), "employer": ("employer.toml", b"[employer]\nname = 1")}).status == 422
    deadline = time.monotonic() + 10  # a zip's folder goes once its last byte is sent
    while set(Path(tempfile.gettempdir()).glob("osms-web-*")) != before:
        assert time.monotonic() < deadline, "a request folder was left behind"
        time.sleep(0.02)


def test_the_page_speaks_three_languages(api: Api) -> None:
    titles = {"ru": "ОСМС за месяц", "kk": "Айдағы МӘМС", "en": "ОСМС for a month"}
    for lang, title in titles.items():
        page = api.get(f"/?lang={lang}").data.decode()
        assert f'<html lang="{lang}">' in page and f"<h1>{title}</h1>" in page
        # Every form control has a label that names it.
        for control in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', page):
            assert f'<label for="{control}">' in page, control
    # every label in every language, none left as its catalog key
    assert all(labels(lang)[key] != f"web.{key}" for lang in ("ru", "kk", "en") for key in KEYS)


def test_the_docs_examples_give_what_they_promise(api: Api) -> None:
    document = json.loads(api.get("/openapi.json").data)
    answers = {}
    for path in ("/api/v1/calc", "/api/v1/payslip", "/api/v1/gross-up"):
        example = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"]
        response = api.post_json(path, example)
        assert response.status == 200, path
        answers[path] = json.loads(response.data)["totals"]
    # 650 000 + 150 000 of one person: one person-month of 800 000; ООСМС 3 %, ВОСМС 2 % (2026, under the caps).
    assert (answers["/api/v1/calc"]["persons"], answers["/api/v1/calc"]["oosms"], answers["/api/v1/calc"]["vosms"]) == (1, "24000", "16000")
    assert answers["/api/v1/gross-up"]["net"] == "401505"
