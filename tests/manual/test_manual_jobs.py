"""Coding jobs: sampling, assignment with overlap, blind access, value checks, progress."""

from __future__ import annotations

from datetime import date

import pytest
from manual_corpus import COMPOSITION, TOTAL, add_small_corpus, strata_of
from sqlalchemy import insert, select

from regionlens.manual.jobs import (
    AnnotationError,
    JobError,
    JobSpec,
    coder_values,
    create_job,
    get_job,
    get_unit,
    list_jobs,
    next_unit,
    progress,
    save_annotation,
)
from regionlens.store.project import Project
from regionlens.store.schema import codes, job_units

VARS = ["union", "tone", "genre", "topics", "regions"]


def _units(project: Project, job_id: int) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    with project.engine.connect() as conn:
        for r in conn.execute(select(job_units.c.coder, job_units.c.document_id).where(job_units.c.job_id == job_id)):
            out.setdefault(r.coder, set()).add(int(r.document_id))
    return out


def test_stratified_sample_keeps_proportions_and_overlap(project: Project) -> None:
    add_small_corpus(project.engine)
    spec = JobSpec("страты", VARS, ["a", "b", "c"], sample_size=50, overlap=0.2, strata=["level", "country", "period"], seed=3)
    job_id = create_job(project.engine, spec, codebook=project.codebook)
    units = _units(project, job_id)
    sample = set().union(*units.values())
    assert len(sample) == 50
    got = strata_of(project.engine, sorted(sample))
    assert got == {k: v * 50 // TOTAL for k, v in COMPOSITION.items()}  # exact halves of 36/24/18/12/10
    shared = units["a"] & units["b"] & units["c"]
    assert len(shared) == 10  # 20 % of 50 coded by every coder
    rest = sample - shared
    assert sorted(len(units[c] - shared) for c in "abc") == [13, 13, 14]
    assert all(len(units[c] & units[d] - shared) == 0 for c in "abc" for d in "abc" if c != d)
    assert len(rest) == 40
    job = get_job(project.engine, "страты")
    assert job["id"] == job_id and job["config"]["strata_counts"]["regional/RU/2022"] == 18


def test_level_strata_with_remainders_and_seed_reproducibility(project: Project) -> None:
    add_small_corpus(project.engine)
    a = create_job(project.engine, JobSpec("j1", ["union"], ["x"], sample_size=7, strata=["level"], seed=5), codebook=project.codebook)
    b = create_job(project.engine, JobSpec("j2", ["union"], ["x"], sample_size=7, strata=["level"], seed=5), codebook=project.codebook)
    c = create_job(project.engine, JobSpec("j3", ["union"], ["x"], sample_size=7, strata=["level"], seed=6), codebook=project.codebook)
    ua, ub, uc = (_units(project, j)["x"] for j in (a, b, c))
    assert ua == ub and ua != uc
    levels: dict[str, int] = {}
    for (level, _, _), n in strata_of(project.engine, sorted(ua)).items():
        levels[level] = levels.get(level, 0) + n
    assert levels == {"regional": 4, "federal": 2, "local": 1}  # 4.2 / 2.1 / 0.7 by largest remainders


def test_random_sample_within_dates(project: Project) -> None:
    add_small_corpus(project.engine)
    job_id = create_job(project.engine, JobSpec("2023", ["union"], ["x", "y"], sample_size=40, overlap=0.0,
                                                date_from=date(2023, 1, 1), date_to=date(2023, 12, 31)), codebook=project.codebook)
    units = _units(project, job_id)
    years = {y for (_, _, y) in strata_of(project.engine, sorted(units["x"] | units["y"]))}
    assert years == {2023} and len(units["x"]) == len(units["y"]) == 20 and not units["x"] & units["y"]
    with pytest.raises(JobError, match="42 подходящих публикаций"):
        create_job(project.engine, JobSpec("много", ["union"], ["x"], sample_size=43, date_from=date(2023, 1, 1)), codebook=project.codebook)


def test_job_errors_are_russian_and_store_nothing(project: Project) -> None:
    add_small_corpus(project.engine)
    with pytest.raises(JobError, match="Неизвестные переменные: colour"):
        create_job(project.engine, JobSpec("x", ["union", "colour"], ["a"], sample_size=5), codebook=project.codebook)
    with pytest.raises(JobError, match="меньше требуемой выборки 500"):
        create_job(project.engine, JobSpec("x", ["union"], ["a"], sample_size=500), codebook=project.codebook)
    with pytest.raises(JobError, match="Неизвестные страты: region"):
        create_job(project.engine, JobSpec("x", ["union"], ["a"], sample_size=5, strata=["region"]), codebook=project.codebook)
    with pytest.raises(JobError, match="от 0 до 1"):
        create_job(project.engine, JobSpec("x", ["union"], ["a", "b"], sample_size=5, overlap=1.5), codebook=project.codebook)
    assert list_jobs(project.engine) == []
    create_job(project.engine, JobSpec("x", ["union"], ["a"], sample_size=5), codebook=project.codebook)
    with pytest.raises(JobError, match="«x» уже существует"):
        create_job(project.engine, JobSpec("x", ["union"], ["a"], sample_size=5), codebook=project.codebook)
    assert [j["name"] for j in list_jobs(project.engine)] == ["x"]
    with pytest.raises(LookupError, match="не найдено"):
        get_job(project.engine, "нет такого")


def test_coders_are_blind_to_each_other(project: Project) -> None:
    add_small_corpus(project.engine)
    job_id = create_job(project.engine, JobSpec("слепое", VARS, ["anna", "boris"], sample_size=10, overlap=0.4, seed=1), codebook=project.codebook)
    units = _units(project, job_id)
    shared = sorted(units["anna"] & units["boris"])
    only_boris = sorted(units["boris"] - units["anna"])
    assert len(shared) == 4 and len(only_boris) == 3
    doc = shared[0]
    save_annotation(project.engine, job_id, "boris", doc,
                    {"union": 1, "tone": -1, "genre": "ANALYSIS", "topics": ["ECON"], "regions": ["BY-VI"]}, codebook=project.codebook)
    unit = get_unit(project.engine, job_id, "anna", doc)
    assert unit["values"] == {} and "auto_codes" not in unit
    assert "BY-VI" not in repr(unit) and "ANALYSIS" not in repr(unit)
    first = next_unit(project.engine, job_id, "anna")
    assert first is not None and first["position"] == 1 and first["total"] == 7 and first["values"] == {}
    with pytest.raises(PermissionError, match="не назначена кодировщику «anna»"):
        get_unit(project.engine, job_id, "anna", only_boris[0])
    with pytest.raises(PermissionError):
        save_annotation(project.engine, job_id, "anna", only_boris[0], {"union": 1}, codebook=project.codebook)
    # anna's own save neither reveals nor touches boris's row
    save_annotation(project.engine, job_id, "anna", doc, {"union": 0, "tone": 1}, codebook=project.codebook)
    assert get_unit(project.engine, job_id, "anna", doc)["values"] == {"union": 0, "tone": 1}
    assert get_unit(project.engine, job_id, "boris", doc)["values"]["tone"] == -1
    # a partial save leaves other variables as they were; None clears one
    save_annotation(project.engine, job_id, "anna", doc, {"tone": None, "genre": "news"}, codebook=project.codebook)
    assert get_unit(project.engine, job_id, "anna", doc)["values"] == {"union": 0, "genre": "NEWS"}


def test_auto_codes_only_when_the_job_allows(project: Project) -> None:
    ids = add_small_corpus(project.engine)
    from datetime import UTC, datetime

    with project.engine.begin() as conn:
        conn.execute(insert(codes), [{"document_id": i, "variable": "union", "coder": "auto", "value": "1",
                                      "codebook_version": "1.0", "coded_at": datetime.now(UTC)} for i in ids])
    hidden = create_job(project.engine, JobSpec("без", ["union"], ["a"], sample_size=3, seed=2), codebook=project.codebook)
    shown = create_job(project.engine, JobSpec("с", ["union"], ["a"], sample_size=3, seed=2, show_auto=True), codebook=project.codebook)
    h = next_unit(project.engine, hidden, "a")
    s = next_unit(project.engine, shown, "a")
    assert h is not None and s is not None
    assert "auto_codes" not in h and s["auto_codes"] == {"union": 1}


@pytest.mark.parametrize(("values", "message"), [
    ({"union": 2}, "переменная «union»: значение 2 не входит в допустимые 0, 1"),
    ({"tone": 2}, "переменная «tone»: значение 2 не входит в допустимые -1, 0, 1"),
    ({"genre": "POEM"}, "переменная «genre»: значение POEM не входит в допустимые NEWS, INTERVIEW, ANALYSIS, OFFICIAL"),
    ({"topics": ["ECON", "SPACE"]}, "переменная «topics»: метка SPACE не входит"),
    ({"regions": ["RU-SMO", "XX-NOPE"]}, "переменная «regions»: «XX-NOPE» — не код региона"),
    ({"problem": 1}, "переменная «problem»: не входит в задание"),
])
def test_values_are_checked_against_the_codebook(project: Project, values: dict[str, object], message: str) -> None:
    add_small_corpus(project.engine)
    job_id = create_job(project.engine, JobSpec("проверка", VARS, ["a"], sample_size=2), codebook=project.codebook)
    unit = next_unit(project.engine, job_id, "a")
    assert unit is not None
    save_annotation(project.engine, job_id, "a", unit["document_id"], {"union": 1}, codebook=project.codebook)
    with pytest.raises(AnnotationError, match=message):
        save_annotation(project.engine, job_id, "a", unit["document_id"], {"tone": 0, **values}, codebook=project.codebook)
    # the whole call is rejected: the valid tone of the same call is not stored
    assert get_unit(project.engine, job_id, "a", unit["document_id"])["values"] == {"union": 1}


def test_progress_next_unit_and_long_values(project: Project) -> None:
    add_small_corpus(project.engine)
    job_id = create_job(project.engine, JobSpec("прогресс", ["union", "topics"], ["a", "b"], sample_size=4, overlap=0.5), codebook=project.codebook)
    units = _units(project, job_id)
    assert progress(project.engine, job_id) == [{"coder": "a", "assigned": 3, "done": 0},
                                                {"coder": "b", "assigned": 3, "done": 0}]
    seen = []
    while (unit := next_unit(project.engine, job_id, "a")) is not None:
        seen.append(unit["position"])
        save_annotation(project.engine, job_id, "a", unit["document_id"], {"union": 1}, codebook=project.codebook)
        assert next_unit(project.engine, job_id, "a")["document_id"] == unit["document_id"]  # type: ignore[index]
        save_annotation(project.engine, job_id, "a", unit["document_id"], {"topics": []}, codebook=project.codebook)
    assert seen == [1, 2, 3]
    assert progress(project.engine, job_id)[0] == {"coder": "a", "assigned": 3, "done": 3}
    shared = sorted(units["a"] & units["b"])[0]
    save_annotation(project.engine, job_id, "b", shared, {"union": 0, "topics": "econ; POL"}, codebook=project.codebook)
    long = coder_values(project.engine, job_id)
    assert list(long.columns) == ["unit", "coder", "variable", "value"]
    assert len(long) == 8
    b_rows = long[long.coder == "b"].set_index("variable")["value"].to_dict()
    assert b_rows == {"union": 0, "topics": ["ECON", "POL"]}
