"""The API on a corpus without dates, outlet registry or reprint search (issue 15, part 1)."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import create_user
from regionlens.dashboard.facts import forget_checks
from regionlens.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from metadata_project import Gaps, build_project  # noqa: E402


def test_api_reads_an_undated_unregistered_corpus(tmp_path: Path) -> None:
    forget_checks()
    project = build_project(tmp_path / "proj", Gaps(n=9, dates="none", registry=False))
    create_user(project.engine, "vera", "correct horse 42", "viewer")
    headers = {"Authorization": f"Bearer {create_token(project.engine, 'vera', 'test')}"}
    c = TestClient(create_app(tmp_path / "proj"), base_url="https://testserver")
    pubs = c.get("/api/v1/publications", headers=headers)
    assert pubs.status_code == 200, pubs.text
    items = pubs.json()["items"]
    assert len(items) == 9 and all(item["published_at"] is None for item in items)
    agg = c.get("/api/v1/aggregates", headers=headers)
    assert agg.status_code == 200, agg.text
    body = agg.json()
    assert body["totals"]["undated"] == body["totals"]["union"] == 7 and body["reprints"]["measured"] is False
    one = c.get(f"/api/v1/publications/{items[0]['id']}", headers=headers)
    assert one.status_code == 200 and one.json()["published_at"] is None
