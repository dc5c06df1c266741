"""End to end in Debian's headless Chromium: a coder codes three units with the keyboard only.

The server is the real application under uvicorn on a free loopback port,
against a SQLite project; Chromium is driven through /usr/bin/chromedriver
with selenium. Missing Chromium is a failure, not a skip: this test is the
issue's definition of done.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, serving, wait_replaced
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from web_helpers import PASSWORD, add_documents, add_users, make_job, units_of

from regionlens.store.project import Project, init_project
from regionlens.store.schema import metadata
from regionlens.web import create_app

# looked up by name: the module attribute `annotations` clashes with the __future__ import for mypy
annotation_rows = metadata.tables["annotations"]
@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Project, int]]:
    project = init_project(tmp_path / "proj")
    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, variables=("union", "tone", "genre"), overlap=1.0)
    try:
        with serving(create_app(project.root)) as base:
            yield base, project, job_id
    finally:
        project.engine.dispose()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path / "chromium-profile") as driver:
        yield driver


def _keys(driver: webdriver.Chrome, *keys: str) -> None:
    """Typing into whatever has focus, as a person at the keyboard would."""
    ActionChains(driver).send_keys(*keys).perform()


def _login(driver: webdriver.Chrome, base: str, username: str) -> None:
    driver.get(base + "/login")
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element.get_attribute("id") == "username")
    _keys(driver, username, Keys.TAB, PASSWORD, Keys.ENTER)
    WebDriverWait(driver, 10).until(ec.url_to_be(base + "/jobs"))


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _prefilled(driver: webdriver.Chrome) -> int:
    return int(driver.execute_script(
        "return document.querySelectorAll('#coding-form input:checked, #coding-form option:checked:not([value=\"\"])').length"
    ))


def test_coder_codes_three_units_with_the_keyboard(site: tuple[str, Project, int], browser: webdriver.Chrome,
                                                   tmp_path: Path) -> None:
    base, project, job_id = site
    from regionlens.manual.jobs import save_annotation

    # boris has already coded every unit; nothing of his may show up for anna
    for doc in units_of(project.engine, job_id, "boris"):
        save_annotation(project.engine, job_id, "boris", doc, {"union": 0, "tone": -1, "genre": "INTERVIEW"}, codebook=project.codebook)

    _login(browser, base, "anna")
    browser.get(f"{base}/jobs/{job_id}/code")
    # keys: union by its value (0/1), tone and genre by position (tone 1=-1, 2=0, 3=+1; genre 1=NEWS, 2=INTERVIEW, ...)
    plan = [("1", "3", "1", (1, 1, "NEWS")), ("0", "2", "3", (0, 0, "ANALYSIS")), ("1", "1", "4", (1, -1, "OFFICIAL"))]
    expected: dict[int, tuple[Any, ...]] = {}
    for union_key, tone_key, genre_key, values in plan:
        element = WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "document-id")))
        doc = int(element.text)
        assert _prefilled(browser) == 0, "another coder's values are visible"
        _keys(browser, union_key, tone_key, genre_key)
        assert _prefilled(browser) == 3  # the keys filled the form
        _keys(browser, Keys.ENTER)
        wait_replaced(browser, element)
        expected[doc] = values
    assert len(expected) == 3
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "my-progress")))
    assert browser.find_element(By.ID, "my-progress").text.startswith("3 /")

    png = browser.get_screenshot_as_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    (tmp_path / "workspace.png").write_bytes(png)

    saved: dict[int, dict[str, Any]] = {}
    with project.engine.connect() as conn:
        for row in conn.execute(select(annotation_rows).where(annotation_rows.c.job_id == job_id, annotation_rows.c.coder == "anna")):
            saved.setdefault(int(row.document_id), {})[row.variable] = _decode(row.value)
    assert set(saved) == set(expected)
    for doc, (union, tone, genre) in expected.items():
        assert saved[doc] == {"union": union, "tone": tone, "genre": genre}

    # a viewer logs in and cannot code: no link, the workspace is refused, keys do nothing
    browser.delete_all_cookies()
    _login(browser, base, "vera")
    assert not browser.find_elements(By.ID, f"code-{job_id}")
    browser.get(f"{base}/jobs/{job_id}/code")
    assert browser.find_element(By.ID, "error-message").text
    assert not browser.find_elements(By.ID, "coding-form")
    _keys(browser, "1", Keys.ENTER)
    with project.engine.connect() as conn:
        assert not conn.execute(select(annotation_rows).where(annotation_rows.c.coder == "vera")).first()
