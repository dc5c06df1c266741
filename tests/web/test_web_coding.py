"""The coding workspace, roles and blindness, escaping, highlighting and adjudication."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_helpers import TEXTS, add_documents, add_users, client, login, make_job, units_of

from regionlens.store.project import Project
from regionlens.store.schema import documents, metadata

# looked up by name: the module attribute `annotations` clashes with the __future__ import for mypy
annotation_rows = metadata.tables["annotations"]
CHECKED = re.compile(r"\b(checked|selected)\b")


def _saved(project: Project, job_id: int, coder: str) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = {}
    with project.engine.connect() as conn:
        for row in conn.execute(select(annotation_rows).where(annotation_rows.c.job_id == job_id, annotation_rows.c.coder == coder)):
            out.setdefault(int(row.document_id), {})[str(row.variable)] = str(row.value)
    return out


def _setup(project: Project, **job: object) -> int:
    add_documents(project.engine)
    add_users(project.engine)
    return make_job(project, **job)  # type: ignore[arg-type]


def _first_doc(project: Project) -> int:
    with project.engine.connect() as conn:
        return int(conn.execute(select(documents.c.id).where(documents.c.content_hash == "web-test-0")).scalar_one())


def _current_doc(html: str) -> int:
    found = re.search(r'id="document-id">(\d+)<', html)
    assert found, html[:2000]
    return int(found.group(1))


def test_coder_codes_units_through_the_form(project: Project) -> None:
    job_id = _setup(project)
    c = client(project.root)
    token = login(c, "anna")
    jobs = c.get("/jobs").text
    assert f'href="/jobs/{job_id}/code"' in jobs and "anna" in jobs and "boris" in jobs
    page = c.get(f"/jobs/{job_id}/code")
    assert page.status_code == 200
    first = _current_doc(page.text)
    assert first in units_of(project.engine, job_id, "anna")
    assert "Отношения России и Беларуси" in page.text and "Смоленская область" in page.text  # codebook label, region name
    r = c.post(f"/jobs/{job_id}/units/{first}", follow_redirects=False, data={
        "csrf_token": token, "union": "1", "tone": "-1", "genre": "ANALYSIS", "topics": ["ECON", "TOUR"],
        "regions": ["RU-SMO", "BY-VI"],
    })
    assert r.status_code == 303 and r.headers["location"] == f"/jobs/{job_id}/code"
    saved = _saved(project, job_id, "anna")[first]
    assert saved["genre"].strip('"') == "ANALYSIS" and "-1" in saved["tone"]
    assert "TOUR" in saved["topics"] and "BY-VI" in saved["regions"]
    nxt = c.get(f"/jobs/{job_id}/code")
    assert _current_doc(nxt.text) != first
    assert 'id="my-progress">1 /' in nxt.text
    again = c.get(f"/jobs/{job_id}/units/{first}").text  # the coder's own values come back pre-filled
    assert re.search(r'value="ANALYSIS"[^>]*selected', again) and re.search(r'value="TOUR"[^>]*checked', again)


def test_invalid_form_shows_the_backend_message_and_saves_nothing(project: Project) -> None:
    job_id = _setup(project)
    c = client(project.root)
    token = login(c, "anna")
    doc = _current_doc(c.get(f"/jobs/{job_id}/code").text)
    r = c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": "1", "tone": "7", "genre": "NEWS"})
    assert r.status_code == 422 and 'id="save-error"' in r.text and "tone" in r.text  # the backend's message
    assert re.search(r'value="NEWS"[^>]*selected', r.text)  # what was typed is kept
    r = c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": "1", "topics": ["ECON"]})
    assert r.status_code == 422 and "Ответьте на все вопросы" in r.text and "Тональность" in r.text
    assert doc not in _saved(project, job_id, "anna")


def test_viewer_sees_progress_but_cannot_code(project: Project) -> None:
    job_id = _setup(project)
    c = client(project.root)
    token = login(c, "vera")
    jobs = c.get("/jobs")
    assert jobs.status_code == 200 and "<progress" in jobs.text and f"/jobs/{job_id}/code" not in jobs.text
    assert c.get(f"/jobs/{job_id}/code").status_code == 403
    assert c.get(f"/jobs/{job_id}/review").status_code == 403
    doc = next(iter(units_of(project.engine, job_id, "anna")))
    assert c.get(f"/jobs/{job_id}/units/{doc}").status_code == 403
    r = c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": "1"})
    assert r.status_code == 403
    with project.engine.connect() as conn:
        assert conn.execute(select(annotation_rows)).first() is None


def test_coder_cannot_open_or_save_another_coders_unit(project: Project) -> None:
    job_id = _setup(project, overlap=0.34)
    only_boris = units_of(project.engine, job_id, "boris") - units_of(project.engine, job_id, "anna")
    assert only_boris, "the job should give boris units that anna does not code"
    doc = min(only_boris)
    c = client(project.root)
    token = login(c, "anna")
    assert c.get(f"/jobs/{job_id}/units/{doc}").status_code in (403, 404)
    r = c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": "1", "tone": "0"})
    assert r.status_code in (403, 404)
    assert _saved(project, job_id, "anna") == {}
    assert c.get(f"/jobs/{job_id}/review").status_code == 403  # adjudication shows everyone's values: admins only


def test_coder_never_sees_another_coders_values(project: Project) -> None:
    job_id = _setup(project, overlap=1.0)
    shared = sorted(units_of(project.engine, job_id, "boris") & units_of(project.engine, job_id, "anna"))
    assert shared
    boris = client(project.root)
    btoken = login(boris, "boris")
    for doc in shared:
        r = boris.post(f"/jobs/{job_id}/units/{doc}", follow_redirects=False, data={
            "csrf_token": btoken, "union": "1", "tone": "1", "genre": "INTERVIEW", "topics": ["INFO"], "regions": ["RU-KLU"],
        })
        assert r.status_code == 303
    anna = client(project.root)
    login(anna, "anna")
    pages = [anna.get("/jobs").text, anna.get(f"/jobs/{job_id}/code").text]
    pages += [anna.get(f"/jobs/{job_id}/units/{doc}").text for doc in shared]
    for html in pages:
        form = html.split('id="coding-form"', 1)[-1] if 'id="coding-form"' in html else ""
        assert not CHECKED.search(form), "a value appears pre-filled in another coder's unit"
        assert "INTERVIEW\" selected" not in html and "RU-KLU\" selected" not in html
    # boris's progress is visible, his values are not
    assert "boris" in pages[0] and "интервью" not in pages[0]


def test_markup_in_documents_is_escaped(project: Project) -> None:
    job_id = _setup(project, overlap=1.0)
    c = client(project.root)
    login(c, "anna")
    xss_doc = _first_doc(project)
    assert xss_doc in units_of(project.engine, job_id, "anna")
    html = c.get(f"/jobs/{job_id}/units/{xss_doc}").text
    assert TEXTS[0][1].split("<img")[0].strip() in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_highlighting_marks_positions_only_when_the_job_allows(project: Project) -> None:
    job_id = _setup(project, name="с подсказками", show_auto=True, overlap=1.0)
    hidden = make_job(project, name="без подсказок", show_auto=False, overlap=1.0)
    c = client(project.root)
    login(c, "anna")
    doc = _first_doc(project)
    shown = c.get(f"/jobs/{job_id}/units/{doc}").text
    marks = re.findall(r"<mark([^>]*)>([^<]*)</mark>", shown)
    assert marks and all(attrs == "" for attrs, _ in marks)  # bare marks: no variable, value or pattern
    assert any("Смоленск" in text for _, text in marks)
    assert "auto" not in shown.lower().replace("autocomplete", "").replace("autofocus", "")
    unit = shown.split('id="coding-form"', 1)[1]
    assert not CHECKED.search(unit)  # automatic values are never pre-filled
    assert "<mark" not in c.get(f"/jobs/{job_id}/units/{doc}?hl=0").text
    assert "<mark" not in c.get(f"/jobs/{hidden}/units/{doc}").text
    assert 'id="hl-toggle"' not in c.get(f"/jobs/{hidden}/units/{doc}").text


def test_english_interface_uses_english_codebook_labels(project: Project) -> None:
    job_id = _setup(project)
    c = client(project.root)
    token = login(c, "anna")
    c.post("/lang", data={"lang": "en", "next": "/jobs", "csrf_token": token})
    html = c.get(f"/jobs/{job_id}/code").text
    assert "Russia–Belarus relations" in html and "Save and next" in html and "Smolensk" in html
    assert "Отношения России и Беларуси" not in html


def test_admin_lists_disagreements_and_records_gold(project: Project) -> None:
    job_id = _setup(project, overlap=1.0, variables=("union", "topics"))
    shared = sorted(units_of(project.engine, job_id, "anna") & units_of(project.engine, job_id, "boris"))
    doc = shared[0]
    for name, union, topics in (("anna", "1", ["ECON"]), ("boris", "0", ["ECON"])):
        c = client(project.root)
        token = login(c, name)
        assert c.post(f"/jobs/{job_id}/units/{doc}", data={"csrf_token": token, "union": union, "topics": topics},
                      follow_redirects=False).status_code == 303
    admin = client(project.root)
    token = login(admin, "root")
    assert f'href="/jobs/{job_id}/review"' in admin.get("/jobs").text
    review = admin.get(f"/jobs/{job_id}/review")
    assert review.status_code == 200
    assert f'id="d{doc}-union"' in review.text  # the disagreeing variable of that unit
    assert f'id="d{doc}-topics"' not in review.text  # the coders agreed on topics
    r = admin.post(f"/jobs/{job_id}/review", follow_redirects=False,
                   data={"csrf_token": token, "document_id": str(doc), "variable": "union", "union": "1"})
    assert r.status_code == 303
    from regionlens.manual.adjudicate import disagreements

    rows = [d for d in disagreements(project.engine, job_id) if d["document_id"] == doc and d["variable"] == "union"]
    assert [r["gold"] for r in rows] == [1]
    after = admin.get(f"/jobs/{job_id}/review").text
    section = after.split(f'id="d{doc}-union"', 1)[1].split("</section>", 1)[0]
    assert "Согласованное значение: <strong>да</strong>" in section
    assert "<td>anna</td><td>да</td>" in section and "<td>boris</td><td>нет</td>" in section
    bad = admin.post(f"/jobs/{job_id}/review", data={"csrf_token": token, "document_id": str(doc),
                                                     "variable": "union", "union": "5"})
    assert bad.status_code == 400 and "union" in bad.text  # the backend's message is shown
