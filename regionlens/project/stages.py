"""The project's stages as the core runs them: ingest, code, reprints, analysis, report.

Every caller — the CLI, the REST API, a notebook — gets the same behaviour
from here: which executor codes (serial, local processes, Dask), which checks
come first, and that the dashboard's summary tables are brought up to date
after a stage that changes what they summarise (before, only the CLI did that,
so a library caller left the dashboard stale). Problems are raised as the typed
errors of `regionlens.project.errors`; rendering them is the caller's job.

Heavy modules (the coder, pandas, Dask, the report) load inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regionlens.project.errors import ClusterError, InputError, NothingToAnalyse, OptionsError

if TYPE_CHECKING:

    from regionlens.analysis.result import AnalysisResult
    from regionlens.analysis.run import AnalysisConfig
    from regionlens.coding.codebook import Codebook
    from regionlens.pipeline.code import CodingSummary
    from regionlens.pipeline.ingest import IngestSummary
    from regionlens.pipeline.reprints import ReprintReport
    from regionlens.store.project import Project

# A phase hook: the CLI passes its console's `status` to show a spinner while the core refreshes tables.
Phase = Callable[[str], AbstractContextManager[Any]]
REFRESH_PHASE = "Обновление сводных таблиц панели мониторинга…"
NOTHING_CODED = "в проекте нет закодированных публикаций: выполните regionlens ingest и regionlens code"
LOCAL_DASK = ("local", "localcluster", "")


def refresh_summaries(project: Project, phase: Phase | None = None) -> int:
    """Bring the dashboard's summary tables up to date; returns the publications rebuilt.

    Cheap when nothing they depend on changed (one stamp comparison), so every
    stage that may have changed codes, reprints or sources calls it.
    """
    from regionlens.dashboard.facts import forget_checks, refresh_facts

    with (phase or _quiet)(REFRESH_PHASE):
        rebuilt = refresh_facts(project.engine)
    forget_checks()  # a server in this process looks again at once
    return rebuilt


def _quiet(_message: str) -> AbstractContextManager[Any]:
    return nullcontext()


# ---------------------------------------------------------------- ingest


def ingest(
    project: Project,
    paths: Iterable[str | Path],
    *,
    mapping: str | dict[str, str] | None = None,
    source: str | None = None,
    kind: str | None = None,
    tz: str = "Europe/Moscow",
    workers: int = 1,
    progress: Callable[[int, int | None], None] | None = None,
    refresh: bool = True,
    phase: Phase | None = None,
) -> IngestSummary:
    """Load publications from files, folders or RSS/Atom URLs; bad records are reported, never fatal.

    `mapping` is a column mapping as the CLI takes it («text=Текст,date=Дата») or a dict.
    """
    from regionlens.ingest.columns import parse_mapping
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.sources.catalogue import CatalogueError, catalogue_at

    if workers < 1:
        raise OptionsError(f"--workers: число процессов должно быть не меньше 1 (указано {workers}).")
    items = [str(p) for p in paths]
    if not items:
        raise InputError("Не указано, что загружать: нужны файлы, папки или адреса RSS/Atom.")
    try:
        parsed = parse_mapping(mapping) if isinstance(mapping, str) and mapping else mapping or None
    except ValueError as exc:
        raise OptionsError(str(exc)) from exc
    for p in items:
        if "://" not in p and not Path(p).exists():
            raise InputError(f"{p}: файл или папка не найдены")
    try:
        catalogue = catalogue_at(project.catalogue_path)  # the project's own (regionlens.yaml) or the shipped one
    except CatalogueError as exc:
        raise InputError(str(exc)) from exc
    summary = ingest_paths(project, items, mapping=parsed, source=source, kind=kind, default_tz=tz,
                           progress=progress, workers=workers, catalogue=catalogue)
    if refresh:
        refresh_summaries(project, phase)  # new catalogue-made sources change the dashboard's levels
    return summary


# ---------------------------------------------------------------- code


def codebook_of(project: Project, codebook: Codebook | str | Path | None) -> Codebook:
    """The codebook a stage codes with: the project's own, a file bound to the project, or a given object."""
    if codebook is None or isinstance(codebook, (str, Path)):
        return project.use_codebook(codebook)
    return codebook


def pending(project: Project, codebook: Codebook | str | Path | None = None) -> int:
    """Publications not yet coded with this codebook (the project's own by default)."""
    from regionlens.pipeline.code import count_pending

    return count_pending(project, codebook_of(project, codebook))


def _record_identity(project: Project, book: Codebook) -> None:
    """Record which codebook, gazetteer and catalogue the coding hash stands for, before runs carry it."""
    from regionlens.project.identity import identity_of, record_identity

    identity = identity_of(book, catalogue=project.catalogue_path)
    if identity is not None:
        record_identity(project.engine, identity)


def check_executor(workers: int | None, dask: str | None) -> None:
    """OptionsError for executor options that cannot be honoured together (before any work starts)."""
    if workers is not None and dask is not None:
        raise OptionsError("Укажите что-то одно: --workers или --dask.")
    if workers is not None and workers < 1:
        raise OptionsError(f"--workers: число процессов должно быть не меньше 1 (указано {workers}).")


def code(
    project: Project,
    *,
    codebook: Codebook | str | Path | None = None,
    workers: int | None = None,
    dask: str | None = None,
    partition_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    refresh: bool = True,
    phase: Phase | None = None,
) -> CodingSummary:
    """Code every publication not yet coded with the codebook, serially, in N processes or on Dask.

    The stored codes are the same whichever executor runs: `workers` > 1 spreads
    the coder over local processes, `dask` is a scheduler address or «local».
    """
    check_executor(workers, dask)
    book = codebook_of(project, codebook)
    _record_identity(project, book)
    if dask is not None:
        from regionlens.scale.dask_run import DaskRunError, code_project_dask

        address = None if dask.strip().lower() in LOCAL_DASK else dask.strip()
        try:
            summary = code_project_dask(project, book, address, partition_size=partition_size, progress=progress)
        except DaskRunError as exc:
            raise ClusterError(str(exc)) from exc
    elif workers is not None and workers > 1:
        from regionlens.scale.processes import code_project_parallel

        summary = code_project_parallel(project, book, workers=workers, batch_size=2000, progress=progress)
    else:
        from regionlens.pipeline.code import code_project

        summary = code_project(project, book, progress=progress)
    if refresh:
        refresh_summaries(project, phase)
    return summary


# ---------------------------------------------------------------- reprints


def reprints(
    project: Project,
    *,
    threshold: float = 0.7,
    window_days: int = 7,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    refresh: bool = True,
    phase: Phase | None = None,
) -> ReprintReport:
    """Find reprint clusters and their originals (serial or time-window-parallel: the same clusters)."""
    from regionlens.pipeline.reprints import ReprintReport

    if workers is not None and workers < 1:
        raise OptionsError(f"--workers: число процессов должно быть не меньше 1 (указано {workers}).")
    report = ReprintReport()
    if workers is not None and workers > 1:
        from regionlens.scale.reprint_windows import detect_reprints_parallel

        detect_reprints_parallel(project, workers=workers, threshold=threshold, window_days=window_days,
                                 progress=progress, report=report)
    else:
        from regionlens.pipeline.reprints import detect_reprints

        detect_reprints(project, threshold=threshold, window_days=window_days, progress=progress, report=report)
    if refresh:
        refresh_summaries(project, phase)
    return report


# ---------------------------------------------------------------- analysis and report


def analysis_config(events: str | Path | None = None, thresholds: str | Path | None = None) -> AnalysisConfig:
    """The analysis settings from an events file and a thresholds file (either may be omitted)."""
    from regionlens.analysis.run import AnalysisConfig
    from regionlens.pipeline.events import EventsFileError, read_events

    config = AnalysisConfig()
    if events is not None:
        try:
            config.events = read_events(Path(events))
        except EventsFileError as exc:
            raise InputError(str(exc)) from exc
    if thresholds is not None:
        if not Path(thresholds).exists():
            raise InputError(f"{thresholds}: файл порогов не найден")
        config.thresholds_path = Path(thresholds)
    return config


def _bound(value: date | datetime | str | None) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise OptionsError(f"«{value}»: нужна дата ГГГГ-ММ-ДД") from exc


def analyze_counted(
    project: Project,
    *,
    config: AnalysisConfig | None = None,
    events: str | Path | None = None,
    thresholds: str | Path | None = None,
    date_from: date | datetime | str | None = None,
    date_to: date | datetime | str | None = None,
) -> tuple[AnalysisResult, int]:
    """The analysis and how many publications it was computed over; NothingToAnalyse if none is coded.

    The analysis counts in the database (regionlens.analysis.facts): no frame of publications is held."""
    from regionlens.pipeline.analyze import analyze_project
    from regionlens.store.timezone import period_bounds

    cfg = config if config is not None else analysis_config(events, thresholds)
    start, end = period_bounds(_bound(date_from), _bound(date_to))
    result, analysed = analyze_project(project, cfg, date_from=start, date_to=end)
    if analysed == 0:
        raise NothingToAnalyse(NOTHING_CODED)
    return result, analysed


def analyze(project: Project, **options: Any) -> AnalysisResult:
    """The comparative and multi-level analysis of the coded publications, with findings (see analyze_counted)."""
    return analyze_counted(project, **options)[0]


def report(
    project: Project | None,
    out: Path,
    *,
    lang: str = "ru",
    formats: str | Iterable[str] = ("html", "pdf", "xlsx"),
    appendix: bool = False,
    result: AnalysisResult | str | Path | None = None,
    events: str | Path | None = None,
    thresholds: str | Path | None = None,
) -> dict[str, Path]:
    """Write the monitoring report into `out` (and analysis.json beside it when the analysis runs here).

    Returns the written files by format. `result` reuses an analysis already made: the object, or the
    path of a saved analysis.json (then `project` may be None). Formats are checked before anything runs.
    """
    from regionlens.pipeline.analyze import write_analysis_json
    from regionlens.report import (
        ReportFormatError,
        ReportLanguageError,
        build_report,
        load_result,
        parse_formats,
    )

    try:
        fmts = parse_formats(formats)
        if isinstance(result, (str, Path)):
            result = load_result(result)
        elif result is None:
            if project is None:
                raise InputError("Для отчёта нужен проект или сохранённый analysis.json.")
            result = analyze(project, events=events, thresholds=thresholds)
            out.mkdir(parents=True, exist_ok=True)
            write_analysis_json(result, out / "analysis.json")
        return build_report(result, out, lang=lang, formats=fmts, appendix=appendix)
    except (ReportFormatError, ReportLanguageError) as exc:
        raise OptionsError(str(exc)) from exc


__all__ = [
    "analysis_config", "analyze", "analyze_counted", "check_executor", "code", "codebook_of", "ingest", "pending",
    "refresh_summaries", "report", "reprints",
]
