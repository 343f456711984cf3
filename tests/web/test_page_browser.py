"""The page in real headless Chromium (Debian's chromium and chromedriver, installed by .ci/run)."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.conftest import SAMPLE, Api

CHROMEDRIVER = "/usr/bin/chromedriver"
SP = "\u202f"  # the page groups thousands with a narrow no-break space: 461 250
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "downloads"),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for_file(folder: Path, suffix: str, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(folder.glob(f"*{suffix}")) if folder.exists() else []
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {suffix} was downloaded into {folder}")


def test_the_sample_month_in_a_browser(api: Api, browser: WebDriver, tmp_path: Path) -> None:
    browser.get(api.base + "/?lang=ru")
    browser.find_element(By.ID, "f-files").send_keys(str(SAMPLE / "payroll.xlsx"))
    browser.find_element(By.ID, "f-employer").send_keys(str(SAMPLE / "employer.toml"))
    browser.execute_script("document.getElementById('f-period').value = '2026-10'")
    browser.execute_script("document.getElementById('f-value-date').value = '2026-11-05'")
    browser.find_element(By.ID, "compute").click()
    wait = WebDriverWait(browser, 20)
    oosms = wait.until(ready.visibility_of_element_located((By.ID, "total-oosms")))
    # The sample month's totals (templates/sample, the golden output's MT102 files).
    assert oosms.text == f"461{SP}250"
    assert browser.find_element(By.ID, "total-vosms").text == f"242{SP}300"
    assert browser.find_element(By.ID, "total-persons").text == "24"

    toggle = browser.find_element(By.CSS_SELECTOR, "button.explain-toggle[aria-controls='x-3']")
    explanation = browser.find_element(By.ID, "x-3")
    assert not explanation.is_displayed()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and explanation.is_displayed()
    # Ким С. В., 5 200 000 gross: ООСМС base capped at 10 МЗП 3 400 000 × 3 % = 102 000 (osms-rules.md §4).
    text = explanation.text
    assert f"5{SP}200{SP}000" in text and f"3{SP}400{SP}000" in text and f"102{SP}000" in text and "0.03" in text
    # The whole page at 1280 px, for a person to look at: tests' tmp folder, page.png.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 140, 8000))
    browser.save_screenshot(str(tmp_path / "page.png"))

    browser.find_element(By.ID, "download-zip").click()
    archive = _wait_for_file(tmp_path / "downloads", ".zip")  # named so once complete (.crdownload before)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert archive.name == "osms-2026-10-150340012340.zip"
    assert "2026-10/150340012340/osms-2026-10-knp121.mt102" in names and len(names) == 8


def test_a_bad_profile_field_is_shown_beside_it(api: Api, browser: WebDriver) -> None:
    browser.get(api.base + "/?lang=en")
    browser.find_element(By.ID, "f-files").send_keys(str(SAMPLE / "payroll.xlsx"))
    browser.find_element(By.CSS_SELECTOR, ".profile-form summary").click()
    values = {"employer.name": "ТОО «Дала Сервис»", "employer.bin_iin": "150340012340", "employer.iban": "KZ29601A000DEMO00002",
              "employer.bic": "HSBKKZKX", "employer.kod": "17"}
    for key, value in values.items():
        browser.find_element(By.ID, f"f-{key}").send_keys(value)
    browser.execute_script("document.getElementById('f-period').value = '2026-10'")
    browser.find_element(By.ID, "compute").click()
    message = WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, "e-employer.iban").text)
    assert "check" in message.lower() or "iban" in message.lower()
    assert browser.find_element(By.ID, "f-employer.iban").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "e-employer.name").text == ""
