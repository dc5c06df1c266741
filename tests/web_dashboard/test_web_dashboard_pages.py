"""Dashboard, search, publication and sources pages through the real application on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from dash_corpus import build_corpus
from dash_web_helpers import add_accounts, client, logged_in
from sqlalchemy import insert, select

from regionlens.dashboard.aggregates import dashboard_aggregates
from regionlens.dashboard.facts import forget_checks
from regionlens.filters import Filters
from regionlens.pipeline.code import code_project
from regionlens.store.project import Project
from regionlens.store.schema import documents, sources

TOTAL = re.compile(r'id="total-union"><strong class="big">(\d+)</strong>')
FOUND = re.compile(r'id="result-count">[^<]*?(\d+)</p>')
BAR = re.compile(r'<a href="([^"]+)"><rect class="bar"[^>]*><title>([^<]*)</title>')


@pytest.fixture
def site(project: Project, tmp_path: Path) -> Project:
    forget_checks()
    build_corpus(project, tmp_path)
    add_accounts(project.engine)
    return project


def _total(page: str) -> int:
    found = TOTAL.search(page)
    assert found, page[:2000]
    return int(found.group(1))


def _found(page: str) -> int:
    found = FOUND.search(page)
    assert found, page[:2000]
    return int(found.group(1))


def test_who_may_see_and_who_may_edit(site: Project) -> None:
    anonymous = client(site.root)
    for path in ("/dashboard", "/search", "/sources", "/publications/1", "/sources/new"):
        r = anonymous.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    with site.engine.connect() as conn:
        sid = conn.execute(select(sources.c.id)).scalars().first()
        doc = conn.execute(select(documents.c.id)).scalars().first()
    for user in ("vera", "anna", "root"):
        c, token = logged_in(site.root, user)
        for path in ("/dashboard", "/search", "/sources", f"/publications/{doc}"):
            r = c.get(path)
            assert r.status_code == 200, (user, path)
            assert "script-src 'self'" in r.headers["content-security-policy"]
            assert " style=" not in r.text, path  # the CSP forbids inline styles
        sources_page = c.get("/sources").text
        editable = user == "root"
        assert ('id="add-source"' in sources_page) is editable
        assert (f'id="edit-{sid}"' in sources_page) is editable
        for path in ("/sources/new", f"/sources/{sid}/edit"):
            assert c.get(path).status_code == (200 if editable else 403), (user, path)
        r = c.post("/sources/new", data={"csrf_token": token, "name": f"Газета {user}", "country": "RU", "level": "local"},
                   follow_redirects=False)
        assert r.status_code == (303 if editable else 403), user
    assert c.get("/publications/999999").status_code == 404


def test_dashboard_numbers_follow_filters_and_link_to_their_publications(site: Project) -> None:
    c, _ = logged_in(site.root, "vera")
    everything = c.get("/dashboard").text
    expected = dashboard_aggregates(site.engine, Filters())
    assert _total(everything) == expected["indices"]["overall"]["n"]
    assert 'id="chart-volume"' in everything and 'id="chart-network"' in everything and 'id="chart-tone"' in everything
    assert 'id="finding-problems_and_conflict"' in everything and 'id="region-BY-VI"' in everything
    regional = c.get("/dashboard?level=regional").text
    assert _total(regional) == dashboard_aggregates(site.engine, Filters(level="regional"))["indices"]["overall"]["n"]
    assert 0 < _total(regional) < _total(everything)
    assert '<option value="regional" selected>' in regional  # the form keeps the filter: URLs are shareable

    bars = BAR.findall(everything)
    assert len(bars) >= 10
    checked = 0
    for href, title in bars:
        href = html.unescape(href)
        if "topic=" not in href:
            continue
        n = int(re.search(r": (\d+) \(", html.unescape(title)).group(1))  # type: ignore[union-attr]
        target = c.get(href)
        assert target.status_code == 200 and _found(target.text) == n, href
        checked += 1
    assert checked == len(expected["topics"]) > 0

    total_link = re.search(r'<a href="([^"]+)" id="total-union">', regional)
    assert total_link
    assert _found(c.get(html.unescape(total_link.group(1))).text) == _total(regional)

    bad = c.get("/dashboard?date_from=12.03.2021")
    assert bad.status_code == 400 and "ГГГГ-ММ-ДД" in bad.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', everything).group(1)  # type: ignore[union-attr]
    c.post("/lang", data={"lang": "en", "csrf_token": csrf, "next": "/dashboard"})
    english = c.get("/dashboard").text
    assert "Coverage monitoring" in english and "Topic profile" in english and "Мониторинг освещения" not in english


def test_search_kwic_facets_and_publication_evidence(site: Project) -> None:
    now = datetime(2021, 6, 30, 9, 0, tzinfo=UTC)
    with site.engine.begin() as conn:
        evil = conn.execute(insert(documents).values(
            title="<script>alert(1)</script> Витебская область и Смоленская область",
            text="Витебская область и Смоленская область обсудили <img src=x onerror=alert(1)> поставки, товарооборот вырос на 10 процентов.",
            content_hash="dash-web-evil", lemmas="витебский область и смоленский область", language="ru", kind="media",
            ingested_at=now, published_at=now)).inserted_primary_key[0]  # type: ignore[index]
    code_project(site)
    forget_checks()
    c, _ = logged_in(site.root, "anna")
    page = c.get("/search", params={"q": "Витебская"})
    assert page.status_code == 200
    assert _found(page.text) >= 3
    assert re.search(r"<mark>Витебск\w*</mark>", page.text)
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text
    assert 'id="facet-level"' in page.text and 'id="facet-region"' in page.text
    facet = re.search(r'<ul id="facet-country">\s*<li><a href="([^"]+)">', page.text)
    assert facet
    narrowed = c.get(html.unescape(facet.group(1)))
    assert 0 < _found(narrowed.text) <= _found(page.text)
    assert parse_qs(urlsplit(html.unescape(facet.group(1))).query)["q"] == ["Витебская"]
    assert c.get("/search", params={"q": "(Витебск"}).status_code == 400

    pub = c.get(f"/publications/{evil}")
    assert pub.status_code == 200
    assert "<img src=x" not in pub.text and "&lt;img src=x onerror=alert(1)&gt;" in pub.text
    assert "<script>alert(1)</script>" not in pub.text
    marks = re.findall(r"<mark>([^<]*)</mark>", pub.text)
    assert marks and any("Витебск" in m for m in marks)
    only_regions = c.get(f"/publications/{evil}", params={"var": "regions"})
    region_marks = re.findall(r"<mark>([^<]*)</mark>", only_regions.text)
    assert region_marks and all(("Витебск" in m) or ("Смоленск" in m) for m in region_marks)
    assert 'id="code-regions" class="selected"' in only_regions.text
    assert c.get(f"/publications/{evil}", params={"var": "nonsense"}).status_code == 400


def test_admin_adds_and_edits_a_source_with_csrf_and_validation(site: Project) -> None:
    c, token = logged_in(site.root, "root")
    form = {"name": "Оршанский вестник", "country": "BY", "level": "local", "region_code": "BY-VI", "domains": "orsha-v.by"}
    assert c.post("/sources/new", data=form, follow_redirects=False).status_code == 403  # no CSRF token
    bad = c.post("/sources/new", data={**form, "country": "PL", "csrf_token": token})
    assert bad.status_code == 400 and "неизвестная страна «PL»" in bad.text and 'value="Оршанский вестник"' in bad.text
    r = c.post("/sources/new", data={**form, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    with site.engine.connect() as conn:
        sid = conn.execute(select(sources.c.id).where(sources.c.name == "Оршанский вестник")).scalar_one()
    listing = c.get(r.headers["location"]).text
    assert 'id="saved"' in listing and f'id="source-{sid}"' in listing
    edit = c.get(f"/sources/{sid}/edit").text
    assert 'value="orsha-v.by"' in edit
    r = c.post(f"/sources/{sid}/edit", data={**form, "level": "regional", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    row = re.search(rf'<tr id="source-{sid}">.*?</tr>', c.get("/sources").text, re.S)
    assert row and "региональный" in row.group(0)
    dup = c.post(f"/sources/{sid}/edit", data={**form, "name": "Смоленский курьер", "csrf_token": token})
    assert dup.status_code == 400 and "уже есть" in dup.text
    assert c.post("/sources/999999/edit", data={**form, "csrf_token": token}).status_code == 404
