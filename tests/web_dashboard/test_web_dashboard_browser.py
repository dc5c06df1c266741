"""Headless Chromium over the real server: dashboard filters, search → publication with evidence, source editing.

Every page is screenshot-checked: the PNG is not blank (pixel variance) and
the chart SVGs have bars with a non-zero rendered size. SQLite only, to keep
the browser part short; the same pages run on PostgreSQL in the TestClient tests.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, serving
from dash_corpus import build_corpus
from dash_web_helpers import PASSWORD, add_accounts
from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from regionlens.dashboard.facts import forget_checks
from regionlens.store.project import init_project
from regionlens.web import create_app


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    forget_checks()
    project = init_project(tmp_path / "proj")
    build_corpus(project, tmp_path)
    add_accounts(project.engine)
    try:
        with serving(create_app(project.root, secure_cookies=False)) as base:
            yield base
    finally:
        project.engine.dispose()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path / "chromium-profile", window="1280,1400") as driver:
        yield driver


def _rendered(driver: webdriver.Chrome, path: Path) -> None:
    """The page painted something: a PNG with real contrast, saved for inspection."""
    png = driver.get_screenshot_as_png()
    path.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size[0] >= 1000
    assert ImageStat.Stat(image).stddev[0] > 20, f"{path.name} looks blank"


def _bars(driver: webdriver.Chrome, chart_id: str) -> list[tuple[float, float]]:
    rects = driver.find_elements(By.CSS_SELECTOR, f"#{chart_id} rect.bar")
    return [(r.rect["width"], r.rect["height"]) for r in rects]


def _total(driver: webdriver.Chrome) -> int:
    return int(driver.find_element(By.ID, "total-union").text)


def test_dashboard_search_publication_and_source_editing(base_url: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    wait = WebDriverWait(browser, 15)
    browser.get(base_url + "/login")
    browser.find_element(By.ID, "username").send_keys("root")
    browser.find_element(By.ID, "password").send_keys(PASSWORD + "\n")
    wait.until(ec.url_to_be(base_url + "/jobs"))

    # dashboard: charts drawn, then a filter changes the numbers and the URL
    browser.find_element(By.ID, "nav-dashboard").click()
    wait.until(ec.presence_of_element_located((By.ID, "chart-volume")))
    for chart in ("chart-volume", "chart-topics", "chart-substantive", "chart-problem", "chart-tone"):
        bars = _bars(browser, chart)
        assert bars and all(w > 0 and h > 0 for w, h in bars), chart
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-network line.edge")
    _rendered(browser, tmp_path / "dashboard.png")
    everything = _total(browser)
    volume_bars = len(_bars(browser, "chart-volume"))
    Select(browser.find_element(By.ID, "f-country")).select_by_value("BY")
    browser.find_element(By.ID, "apply").click()
    wait.until(ec.url_contains("country=BY"))
    belarus = _total(browser)
    assert 0 < belarus < everything
    assert len(_bars(browser, "chart-volume")) < volume_bars
    _rendered(browser, tmp_path / "dashboard-by.png")

    # search with a word form, open a hit: the evidence is highlighted in the text
    browser.find_element(By.ID, "nav-search").click()
    query = wait.until(ec.presence_of_element_located((By.ID, "q")))
    query.send_keys("Смоленская\n")
    wait.until(ec.presence_of_element_located((By.ID, "result-count")))
    assert browser.find_elements(By.CSS_SELECTOR, ".kwic mark")
    _rendered(browser, tmp_path / "search.png")
    browser.find_element(By.CSS_SELECTOR, "a.hit-link").click()
    text = wait.until(ec.presence_of_element_located((By.ID, "pub-text")))
    marks = text.find_elements(By.TAG_NAME, "mark")
    assert marks and all(m.rect["width"] > 0 for m in marks)
    browser.find_element(By.CSS_SELECTOR, "#code-regions a").click()
    wait.until(ec.presence_of_element_located((By.ID, "evidence-of")))
    region_marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#pub-text mark, #pub-title mark")]
    assert region_marks and any("Смоленск" in m for m in region_marks)
    _rendered(browser, tmp_path / "publication.png")

    # an admin edits a source: the level changes in the registry
    browser.find_element(By.ID, "nav-sources").click()
    row = wait.until(ec.presence_of_element_located((By.XPATH, "//tr[td[@class='name' and text()='Витебские вести']]")))
    source_id = str(row.get_attribute("id")).removeprefix("source-")
    row.find_element(By.CSS_SELECTOR, "a.edit").click()
    wait.until(ec.presence_of_element_located((By.ID, "source-form")))
    Select(browser.find_element(By.ID, "s-level")).select_by_value("local")
    browser.find_element(By.ID, "save-source").click()
    wait.until(ec.presence_of_element_located((By.ID, "saved")))
    level = browser.find_element(By.CSS_SELECTOR, f"#source-{source_id} td.level").text
    assert level == "местный"
    _rendered(browser, tmp_path / "sources.png")
