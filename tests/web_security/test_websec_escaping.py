"""Publications are shown as text: markup in a title or text never becomes markup on a page.

The hostile publication carries `<script>alert(1)</script>` and an
`<img onerror>` in both title and text, and the job name does too. Every page
that shows publications is checked in the HTML (only the escaped form is
there) and in headless Chromium (no script or img element appears, the text
reads literally, and no alert or dialog ever fires).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, serving
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import update
from websec_helpers import (
    IMG,
    PASSWORD,
    SCRIPT,
    add_documents,
    add_users,
    client,
    login,
    make_job,
    units_of,
)

from regionlens.coding.codebook import load_codebook
from regionlens.dashboard.registry import save_source
from regionlens.manual.jobs import save_annotation
from regionlens.pipeline.code import code_project
from regionlens.store.project import Project
from regionlens.store.schema import documents
from regionlens.web import create_app

HOSTILE_JOB = f"{SCRIPT}{IMG}задание"
# Records any dialog the page might open; runs before the page's own scripts (CDP, unaffected by the CSP).
TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const record = (...args) => { window.__dialogs.push(name + ":" + args.join(",")); };
  Object.defineProperty(window, name, {value: record, writable: false, configurable: false});
}
"""


def _setup(project: Project) -> tuple[int, int]:
    """A job over the hostile publication (document 1), coded differently by two coders so it is disputed."""
    ids = add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, name=HOSTILE_JOB, overlap=1.0, show_auto=True)
    hostile = ids[0]
    # the outlet of the hostile publication has a hostile name too (the registry is typed in by people)
    source_id, errors = save_source(project.engine, {"name": f"{SCRIPT} Вести {IMG}", "country": "RU",
                                                     "level": "regional", "domains": "evil.example"})
    assert source_id is not None, errors
    with project.engine.begin() as conn:
        conn.execute(update(documents).where(documents.c.id == hostile).values(source_id=source_id))
    code_project(project, load_codebook())  # search and publication pages list coded publications
    assert hostile in units_of(project.engine, job_id, "anna")
    save_annotation(project.engine, job_id, "anna", hostile, {"union": 0, "tone": 0, "genre": "NEWS"}, codebook=project.codebook)
    save_annotation(project.engine, job_id, "boris", hostile, {"union": 1, "tone": -1, "genre": "OFFICIAL"}, codebook=project.codebook)
    return job_id, hostile


def _pages(job_id: int, doc: int) -> dict[str, list[str]]:
    """Every page that shows a publication (or the job's name), by the user who may open it."""
    return {
        "anna": ["/jobs", f"/jobs/{job_id}/units/{doc}", f"/jobs/{job_id}/units/{doc}?hl=0"],
        "root": ["/jobs", f"/jobs/{job_id}/review"],
        "vera": [f"/publications/{doc}", f"/publications/{doc}?var=union", "/search?q=Смоленская",
                 "/search?q=alert", "/sources", "/dashboard"],
    }


def _assert_escaped(html: str, where: str) -> None:
    # highlighting may put <mark> inside the escaped text; it is the only element allowed there
    body = html.split("</head>", 1)[1].replace("<mark>", "").replace("</mark>", "")
    for raw in ("<script", "<img", "onerror"):
        assert raw not in body.replace("&lt;img src=x onerror=", ""), f"{raw!r} reached {where} unescaped"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, f"the title is not shown as text on {where}"


def test_markup_in_publications_is_escaped_in_the_html(project: Project) -> None:
    job_id, doc = _setup(project)
    shown_text = False
    for who, paths in _pages(job_id, doc).items():
        c = client(project.root)
        login(c, who)
        for path in paths:
            page = c.get(path)
            assert page.status_code == 200, (path, page.status_code)
            if path == "/dashboard":  # shows outlets rather than titles: nothing of the markup may be live there
                assert "<script>alert" not in page.text and "<img src=x" not in page.text
                continue
            _assert_escaped(page.text, path)
            shown_text |= "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert shown_text, "the text with <img onerror> was never shown"


@pytest.fixture
def site(project: Project) -> Iterator[tuple[str, int, int]]:
    job_id, doc = _setup(project)
    with serving(create_app(project.root, secure_cookies=False)) as base:
        yield base, job_id, doc


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path / "chromium-profile", ignore_prompts=True, init_script=TRAP) as driver:
        yield driver


def _browser_login(driver: webdriver.Chrome, base: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form#login-form, form[action='/login']").submit()
    WebDriverWait(driver, 10).until(ec.url_to_be(base + "/jobs"))


def _no_dialog(driver: webdriver.Chrome, where: str) -> None:
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        text = None
    assert text is None, f"an alert opened on {where}: {text}"
    assert driver.execute_script("return window.__dialogs") == [], f"a dialog was called on {where}"


def test_markup_in_publications_stays_text_in_chromium(site: tuple[str, int, int], browser: webdriver.Chrome) -> None:
    base, job_id, doc = site
    for who, paths in _pages(job_id, doc).items():
        _browser_login(browser, base, who)
        for path in paths:
            browser.get(base + path)
            WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            _no_dialog(browser, path)
            counts = browser.execute_script(
                "return [document.querySelectorAll('body script').length,"
                " document.querySelectorAll('body img').length,"
                " document.querySelectorAll('[onerror]').length, document.body.innerText]")
            assert counts[:3] == [0, 0, 0], f"markup became elements on {path}: {counts[:3]}"
            if path != "/dashboard":
                assert SCRIPT in counts[3], f"the publication title is not shown literally on {path}"
    # the workspace with the hostile text, read as a coder would read it
    _browser_login(browser, base, "anna")
    browser.get(f"{base}/jobs/{job_id}/units/{doc}")
    assert SCRIPT in browser.find_element(By.ID, "unit-title").text
    assert IMG in browser.find_element(By.ID, "unit-text").text
    time.sleep(0.3)  # an onerror would fire once the (nonexistent) image failed to load
    _no_dialog(browser, "the workspace")
