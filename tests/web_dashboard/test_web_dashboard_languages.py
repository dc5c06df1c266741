"""The dashboard in Russian and in English, in headless Chromium: charts drawn, screenshots kept, no Russian wording
in the English page except the titles and outlet names of publications (data, quoted as published)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, serving
from dash_corpus import build_corpus
from dash_web_helpers import PASSWORD, add_accounts
from PIL import Image, ImageStat
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from regionlens.accounts.users import create_user
from regionlens.dashboard.facts import forget_checks
from regionlens.store.project import init_project
from regionlens.web import create_app

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CHARTS = ("chart-volume", "chart-topics", "chart-substantive", "chart-problem", "chart-tone")


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    forget_checks()
    project = init_project(tmp_path / "proj")
    build_corpus(project, tmp_path)
    add_accounts(project.engine)
    create_user(project.engine, "reader-en", PASSWORD, "viewer", "en")
    create_user(project.engine, "reader-ru", PASSWORD, "viewer", "ru")
    try:
        with serving(create_app(project.root, secure_cookies=False)) as base:
            yield base
    finally:
        project.engine.dispose()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_dashboard_in_each_language(base_url: str, tmp_path: Path, lang: str) -> None:
    with chromium(tmp_path / f"profile-{lang}", window="1280,1400") as browser:
        wait = WebDriverWait(browser, 15)
        browser.get(base_url + "/login")
        browser.find_element(By.ID, "username").send_keys(f"reader-{lang}")
        browser.find_element(By.ID, "password").send_keys(PASSWORD + "\n")
        wait.until(ec.url_contains("/jobs"))
        browser.get(base_url + "/dashboard")
        wait.until(ec.presence_of_element_located((By.ID, "chart-volume")))
        for chart in CHARTS:
            rects = browser.find_elements(By.CSS_SELECTOR, f"#{chart} rect.bar")
            assert rects and all(r.rect["width"] > 0 and r.rect["height"] > 0 for r in rects), chart
        png = browser.get_screenshot_as_png()
        (tmp_path / f"dashboard-{lang}.png").write_bytes(png)
        image = Image.open(io.BytesIO(png)).convert("L")
        assert ImageStat.Stat(image).stddev[0] > 20, "the screenshot looks blank"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
        if lang == "en":
            # outlet names in the source filter are data: they are shown as the outlets call themselves
            data = {e.get_attribute("textContent").strip()
                    for e in browser.find_elements(By.CSS_SELECTOR, "#f-source_id option")}
            wording = [line for line in browser.find_element(By.TAG_NAME, "body").text.splitlines()
                       if CYRILLIC.search(line) and line.strip() not in data]
            assert wording == [], wording
