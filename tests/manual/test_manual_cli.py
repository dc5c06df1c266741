"""The manual-coding commands, registered the way the module's header tells the lead to register them."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from manual_corpus import add_small_corpus
from openpyxl import load_workbook
from typer.testing import CliRunner

from regionlens.cli import manual_commands
from regionlens.manual.jobs import get_job, job_units_of, save_annotation
from regionlens.store.project import Project


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(manual_commands.job_app, name="job")
    app.command("reliability")(manual_commands.reliability)
    app.add_typer(manual_commands.adjudicate_app, name="adjudicate")
    app.command("gold-export")(manual_commands.gold_export)
    app.add_typer(manual_commands.classifier_app, name="classifier")
    return app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_app(), list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_job_commands_from_creation_to_classifier(project: Project, tmp_path: Path) -> None:
    add_small_corpus(project.engine)
    p = ["-p", str(project.root)]
    code, out = _run("job", "create", "--name", "пилот", "--variables", "union,tone", "--coders", "anna,boris",
                     "--size", "12", "--overlap", "1", "--strata", "level", "--seed", "3", *p)
    assert code == 0, out
    assert "Задание «пилот» создано" in out and "anna: 12 единиц" in out
    code, out = _run("job", "create", "--name", "другое", "--variables", "union,colour", "--coders", "a", *p)
    assert code == 2 and "Неизвестные переменные: colour" in out
    job = get_job(project.engine, "пилот")
    units = sorted(job_units_of(project.engine, job["id"])["anna"])
    for i, doc in enumerate(units):
        save_annotation(project.engine, job["id"], "anna", doc, {"union": i % 2, "tone": 0}, codebook=project.codebook)
        save_annotation(project.engine, job["id"], "boris", doc, {"union": (i % 2) if i > 1 else 1 - i % 2, "tone": 0}, codebook=project.codebook)
    code, out = _run("job", "list", *p)
    assert code == 0 and "пилот" in out and "union, tone" in out
    code, out = _run("job", "progress", "пилот", *p)
    assert code == 0 and "anna" in out and "12" in out

    report = tmp_path / "rel.json"
    code, out = _run("reliability", "пилот", "--json", str(report), "--draws", "200", *p)
    assert code == 0, out
    payload = json.loads(report.read_text(encoding="utf-8"))
    union = next(v for v in payload["variables"] if v["variable"] == "union")
    assert union["n_units"] == 12 and union["agreement"] == 10 / 12 and union["alpha"] < 0.8
    assert {r["coder_a"] for r in payload["pairs"]} == {"anna"}
    code, out = _run("reliability", *p)
    assert code == 2 and "что-то одно" in out

    code, out = _run("adjudicate", "list", "пилот", *p)
    assert code == 0 and "Расхождений: 2" in out
    code, out = _run("adjudicate", "set", "пилот", str(units[0]), "union", "1", "--by", "lead", *p)
    assert code == 0 and f"публикация {units[0]}, union = 1" in out
    code, out = _run("adjudicate", "set", "пилот", str(units[1]), "union", "3", *p)
    assert code == 2 and "значение 3 не входит в допустимые 0, 1" in out
    code, out = _run("adjudicate", "accept", "пилот", *p)
    assert code == 0 and "Принято эталонных значений: 22" in out  # 10 agreed union + 12 agreed tone
    code, out = _run("adjudicate", "list", "пилот", "--pending", *p)
    assert "Расхождений: 1" in out
    gold = tmp_path / "gold.jsonl"
    code, out = _run("gold-export", "--output", str(gold), *p)
    assert code == 0 and len(gold.read_text(encoding="utf-8").splitlines()) == 12

    code, out = _run("classifier", "train", "union", "--cv", "3", *p)
    assert code == 0, out
    assert "n = 11" in out and (project.root / "models" / "union.pkl").exists()
    code, out = _run("classifier", "apply", "union", *p)
    assert code == 0 and "Закодировано моделью: 100" in out
    code, out = _run("classifier", "suggest", "union", "--n", "3", *p)
    assert code == 0 and "Предлагаемые публикации" in out
    code, out = _run("classifier", "suggest", "problem", *p)
    assert code == 2 and "Модели для «problem» нет" in out


def test_offline_round_trip_and_long_csv(project: Project, tmp_path: Path) -> None:
    add_small_corpus(project.engine)
    p = ["-p", str(project.root)]
    assert _run("job", "create", "--name", "x", "--variables", "genre", "--coders", "a", "--size", "3", *p)[0] == 0
    xlsx = tmp_path / "x.xlsx"
    code, out = _run("job", "export", "x", "--output", str(xlsx), *p)
    assert code == 0 and xlsx.exists()
    wb = load_workbook(xlsx)
    ws = wb["a"]
    ws["E2"], ws["E3"], ws["E4"] = "NEWS", "essay", "OFFICIAL"
    wb.save(xlsx)
    code, out = _run("job", "import", "x", str(xlsx), *p)
    assert code == 1
    assert "лист «a», строка 3, столбец «genre»: значение essay не входит" in out and "Сохранено строк: 2" in out

    csv = tmp_path / "long.csv"
    csv.write_text("unit,coder,variable,value\n" + "".join(
        f"{u},{c},tone,{v}\n" for u in range(10) for c, v in (("a", u % 3 - 1), ("b", u % 3 - 1 if u else 1))),
        encoding="utf-8")
    out_json = tmp_path / "long.json"
    code, out = _run("reliability", "--input", str(csv), "--json", str(out_json), "--lang", "en", *p)
    assert code == 0, out
    row = json.loads(out_json.read_text(encoding="utf-8"))["variables"][0]
    # the console table may be cut to the terminal width, so the verdict is read from the JSON
    assert row["level"] == "ordinal" and row["n_units"] == 10 and row["verdict_en"] == "tentative conclusions only"
    assert "Reliability" in out
    code, out = _run("reliability", "--input", str(csv), "--level-tone", "interval", "--json", str(out_json), *p)
    assert json.loads(out_json.read_text(encoding="utf-8"))["variables"][0]["level"] == "interval"
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,coder,value\n1,a,1\n", encoding="utf-8")
    code, out = _run("reliability", "--input", str(bad), *p)
    assert code == 2 and "нет столбцов «variable»" in out
