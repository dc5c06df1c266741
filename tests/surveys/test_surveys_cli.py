"""The survey and statistics commands: Russian messages that locate bad cells, non-zero exit on errors."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml
from typer.testing import CliRunner

from regionlens.cli import materials_commands as mc
from regionlens.store.project import init_project

app = typer.Typer()
app.add_typer(mc.survey_app, name="survey")
app.add_typer(mc.stats_app, name="stats")


def test_survey_and_stats_commands(tmp_path: Path) -> None:
    init_project(tmp_path / "p").engine.dispose()
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump({"survey": "cli", "respondent": {"id": "id", "country": "country"},
                                      "scales": {"s": {"items": ["a", "b"], "min": 1, "max": 5}}}), encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text("id,country,a,b\nE1,RU,4,5\nE2,BY,6,5\nE3,BY,2,3\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["survey", "import", str(data), "--schema", str(schema), "-p", str(tmp_path / "p")])
    assert res.exit_code == 1
    assert "строка 3" in res.output and "«a»" in res.output and "экспертов сохранено 2" in res.output
    res = runner.invoke(app, ["survey", "show", "-p", str(tmp_path / "p")])
    assert res.exit_code == 0 and "cli" in res.output
    stats = tmp_path / "stats.csv"
    stats.write_text("region_code,partner,year,indicator,value\nRU-SMO,BY,2021,visits,3\nRU-SMO,BY,2022,visits,4\n", encoding="utf-8")
    res = runner.invoke(app, ["stats", "import", str(stats), "-p", str(tmp_path / "p")])
    assert res.exit_code == 0 and "сохранено значений 2" in res.output
    res = runner.invoke(app, ["stats", "show", "-p", str(tmp_path / "p")])
    assert res.exit_code == 0 and "visits" in res.output
