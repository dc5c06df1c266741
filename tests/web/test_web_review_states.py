"""The review screen tells «nothing to compare yet» from «no disagreements», and every option has a key."""

from __future__ import annotations

from web_helpers import add_documents, add_users, client, login, make_job, units_of

from regionlens.coding.codebook import load_codebook
from regionlens.store.project import Project
from regionlens.web.forms import build_fields


def _code(project: Project, job_id: int, coder: str, doc: int, union: str) -> None:
    c = client(project.root)
    token = login(c, coder)
    r = c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": union, "topics": ["ECON"]},
               follow_redirects=False)
    assert r.status_code == 303, r.text


def test_review_says_when_there_is_nothing_to_compare(project: Project) -> None:
    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, overlap=1.0, variables=("union", "topics"))
    doc = sorted(units_of(project.engine, job_id, "anna") & units_of(project.engine, job_id, "boris"))[0]
    admin = client(project.root)
    login(admin, "root")

    _code(project, job_id, "anna", doc, "1")  # one coder only
    page = admin.get(f"/jobs/{job_id}/review").text
    assert 'id="not-enough-coders"' in page and 'id="no-disagreements"' not in page

    _code(project, job_id, "boris", doc, "1")  # two coders, same values
    page = admin.get(f"/jobs/{job_id}/review").text
    assert 'id="no-disagreements"' in page and 'id="not-enough-coders"' not in page
    assert "Расхождений нет: сравнено публикаций, закодированных двумя и более кодировщиками, — 1." in page


def test_every_option_has_its_own_key_including_topics_beyond_nine() -> None:
    fields = {f.name: f for f in build_fields(["union", "tone", "topics", "genre"], load_codebook(), "ru")}
    topics = fields["topics"].options
    keys = [o.key for o in topics]
    assert len(topics) == 12 and all(keys) and len(set(keys)) == len(keys)
    assert keys[9:] == ["0", "q", "w"]
    navigation = set("jkeh")
    for field in fields.values():
        assert all(o.key and o.key not in navigation for o in field.options), field.name
    assert [o.key for o in fields["union"].options] == ["0", "1"]  # binary values are their own keys
