"""What the CLI tells the user after ingest (with where the dates came from) and reprint detection, in Russian
and English.

Undated publications are still stored and searched, but they drop out of everything that needs a time:
monthly dynamics, period filters, the events analysis, and they cannot be the original of a reprint. The
user has to know how many there are, or a report silently covers a fraction of the corpus.
"""

from __future__ import annotations

from rich.table import Table

from regionlens.pipeline.ingest import IngestSummary
from regionlens.pipeline.reprints import ReprintReport

SOURCE_NAMES: dict[str, dict[str, str]] = {
    "ru": {"record": "из записи", "meta": "из разметки или свойств файла", "text": "из текста", "url": "из адреса"},
    "en": {"record": "from the record", "meta": "from page markup or file properties", "text": "from the text",
           "url": "from the URL"},
}


def ingest_summary_lines(summary: IngestSummary, lang: str) -> list[Table | str]:
    """The whole ingest summary: the per-file table, duplicates and unattributed records, then the dates."""
    en = lang == "en"
    table = Table(*(("File", "Read", "Added", "Errors") if en else ("Файл", "Прочитано", "Добавлено", "Ошибок")),
                  title="Ingest summary" if en else "Итоги загрузки")
    for name, stats in summary.by_file.items():
        table.add_row(name, str(stats["read"]), str(stats["added"]), str(stats["bad"]))
    table.add_row("[bold]Total[/]" if en else "[bold]Всего[/]", str(summary.read), str(summary.added),
                  str(len(summary.bad)))
    counts = (f"Repeats (already stored): {summary.duplicates}; not in the source registry: {summary.unattributed}"
              if en else f"Повторы (уже в базе): {summary.duplicates}; без источника в реестре: {summary.unattributed}")
    return [table, counts, *ingest_date_lines(summary, lang)]


def ingest_date_lines(summary: IngestSummary, lang: str) -> list[str]:
    """Where the dates of the records read came from, and a warning about the undated ones."""
    en = lang == "en"
    names = SOURCE_NAMES["en" if en else "ru"]
    parts = [f"{names.get(k, k)}: {summary.date_sources[k]}" for k in SOURCE_NAMES["ru"] if summary.date_sources.get(k)]
    lines = []
    if parts:
        lines.append(("Dates " if en else "Даты ") + "; ".join(parts))
    if summary.undated:
        if en:
            lines.append(f"{summary.undated} of {summary.read} publications read have no date: they are stored and "
                         "searchable, but drop out of the dynamics by month, of date filters and the events analysis, "
                         "and cannot be the original of a reprint. Add a date column (--map date=…) if the source has one.")
        else:
            lines.append(f"{summary.undated} из {summary.read} прочитанных публикаций без даты: они сохранены и "
                         "находятся поиском, но не войдут в динамику по месяцам, отбор по датам и анализ событий "
                         "и не могут быть первоисточником перепечатки. Если в источнике есть дата, укажите её "
                         "колонку (--map date=…).")
    return lines


def reprint_lines(report: ReprintReport, lang: str) -> list[str]:
    """How many publications the reprint run checked, how many lacked dates, what it found."""
    if lang == "en":
        lines = [f"Publications checked: {report.checked}, of them without a date: {report.undated}",
                 f"Publications in reprint clusters: {report.clustered} (clusters: {report.clusters})"]
        if report.unknown_originals:
            lines.append(f"Clusters without a dated copy, original unknown: {report.unknown_originals}")
        return lines
    lines = [f"Проверено публикаций: {report.checked}, из них без даты: {report.undated}",
             f"Публикаций в кластерах перепечаток: {report.clustered} (кластеров: {report.clusters})"]
    if report.unknown_originals:
        lines.append(f"Кластеров без датированной копии, первоисточник не установлен: {report.unknown_originals}")
    return lines
