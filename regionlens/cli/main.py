"""The `regionlens` command."""

from __future__ import annotations

import typer

from regionlens.cli import (
    analysis_commands,
    api_commands,
    coding_commands,
    collect_commands,
    manual_commands,
    materials_commands,
    store_commands,
    web_commands,
)
from regionlens.cli.language import LocalizedGroup

app = typer.Typer(
    name="regionlens",
    help="regionlens: освещение межрегионального сотрудничества России и Беларуси в СМИ — сбор, кодирование, анализ, отчёт.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    cls=LocalizedGroup,
)
app.command("init")(store_commands.init)
app.add_typer(store_commands.sources_app, name="sources")
app.command("ingest")(store_commands.ingest)
app.command("collect")(collect_commands.collect)
app.command("search")(store_commands.search)
app.command("export")(store_commands.export)
app.command("code")(coding_commands.code)
app.command("validate")(coding_commands.validate)
app.add_typer(coding_commands.codebook_app, name="codebook")
app.command("reprints")(analysis_commands.reprints)
app.command("analyze")(analysis_commands.analyze)
app.command("report")(analysis_commands.report)
app.command("demo")(analysis_commands.demo)
app.add_typer(materials_commands.documents_app, name="documents")
app.add_typer(materials_commands.survey_app, name="survey")
app.add_typer(materials_commands.stats_app, name="stats")
app.add_typer(manual_commands.job_app, name="job")
app.command("reliability")(manual_commands.reliability)
app.add_typer(manual_commands.adjudicate_app, name="adjudicate")
app.command("gold-export")(manual_commands.gold_export)
app.add_typer(manual_commands.classifier_app, name="classifier")
app.command("serve")(web_commands.serve)
app.add_typer(web_commands.user_app, name="user")
app.add_typer(api_commands.token_app, name="token")
app.command("backup")(api_commands.backup)
app.command("restore")(api_commands.restore)

if __name__ == "__main__":
    app()
