"""In headless Chromium, a coder reaches every topic from the keyboard, and the help names the auto-advance."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, serving
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from web_helpers import PASSWORD, add_documents, add_users, make_job

from regionlens.coding.codebook import load_codebook
from regionlens.store.project import Project, init_project
from regionlens.store.schema import metadata
from regionlens.web import create_app

annotation_rows = metadata.tables["annotations"]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Project, int]]:
    project = init_project(tmp_path / "proj")
    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, variables=("union", "topics"), overlap=1.0)
    try:
        with serving(create_app(project.root)) as base:
            yield base, project, job_id
    finally:
        project.engine.dispose()


def _keys(driver: webdriver.Chrome, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def test_topics_beyond_nine_by_keyboard(site: tuple[str, Project, int], tmp_path: Path) -> None:
    base, project, job_id = site
    topics = [str(v) for v in load_codebook().variables["topics"].values]
    with chromium(tmp_path / "chromium-profile") as browser:
        browser.get(base + "/login")
        WebDriverWait(browser, 10).until(lambda d: d.switch_to.active_element.get_attribute("id") == "username")
        _keys(browser, "anna", Keys.TAB, PASSWORD, Keys.ENTER)
        WebDriverWait(browser, 10).until(ec.url_to_be(base + "/jobs"))
        browser.get(f"{base}/jobs/{job_id}/code")
        element = WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "document-id")))
        doc = int(element.text)
        help_text = browser.find_element(By.TAG_NAME, "body").text
        assert "сам переходит к следующей переменной" in help_text  # the auto-advance is announced
        # union «1» answers a single-choice question and moves on to topics by itself;
        # then the first, the eleventh and the twelfth topic by their keys
        _keys(browser, "1", "1", "q", "w")
        _keys(browser, Keys.ENTER)
        # the form is saved when the rows are in the store (waiting on the page's navigation races chromedriver)
        deadline = time.monotonic() + 15
        saved: dict[str, Any] = {}
        while time.monotonic() < deadline and set(saved) != {"union", "topics"}:
            time.sleep(0.2)
            with project.engine.connect() as conn:
                saved = {row.variable: json.loads(row.value) for row in conn.execute(select(annotation_rows).where(
                    annotation_rows.c.coder == "anna", annotation_rows.c.document_id == doc))}
    assert saved["union"] == 1
    assert sorted(saved["topics"]) == sorted([topics[0], topics[10], topics[11]])
