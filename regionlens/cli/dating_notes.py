"""What the CLI tells the user after ingest (with where the dates came from) and reprint detection.

Undated publications are still stored and searched, but they drop out of everything that needs a time:
monthly dynamics, period filters, the events analysis, and they cannot be the original of a reprint. The
user has to know how many there are, or a report silently covers a fraction of the corpus. Wording is
Russian here and goes through the message catalogue like every other CLI message.
"""

from __future__ import annotations

from rich.table import Table

from regionlens.messages import tr
from regionlens.pipeline.ingest import IngestSummary
from regionlens.pipeline.reprints import ReprintReport

DATE_SOURCES = {"record": "из записи", "meta": "из разметки или свойств файла", "text": "из текста",
                "url": "из адреса"}


def ingest_summary_lines(summary: IngestSummary, lang: str) -> list[Table | str]:
    """The whole ingest summary: the per-file table, duplicates and unattributed records, then the dates."""
    table = Table(tr("Файл", lang=lang), tr("Прочитано", lang=lang), tr("Добавлено", lang=lang),
                  tr("Ошибок", lang=lang), title=tr("Итоги загрузки", lang=lang))
    for name, stats in summary.by_file.items():
        table.add_row(name, str(stats["read"]), str(stats["added"]), str(stats["bad"]))
    table.add_row(f"[bold]{tr('Всего', lang=lang)}[/]", str(summary.read), str(summary.added), str(len(summary.bad)))
    counts = tr("Повторы (уже в базе): {0}; без источника (нет ни в реестре, ни в каталоге): {1}",
                summary.duplicates, summary.unattributed, lang=lang)
    return [table, counts, *ingest_date_lines(summary, lang)]


def ingest_date_lines(summary: IngestSummary, lang: str) -> list[str]:
    """Where the dates of the records read came from, and a warning about the undated ones."""
    parts = [f"{tr(name, lang=lang)}: {summary.date_sources[key]}"
             for key, name in DATE_SOURCES.items() if summary.date_sources.get(key)]
    lines = []
    if parts:
        lines.append(tr("Даты {0}", "; ".join(parts), lang=lang))
    if summary.undated:
        lines.append(tr("{0} из {1} прочитанных публикаций без даты: они сохранены и находятся поиском, но не войдут "
                        "в динамику по месяцам, отбор по датам и анализ событий и не могут быть первоисточником "
                        "перепечатки. Если в источнике есть дата, укажите её колонку (--map date=…).",
                        summary.undated, summary.read, lang=lang))
    return lines


def reprint_lines(report: ReprintReport, lang: str) -> list[str]:
    """How many publications the reprint run checked, how many lacked dates, what it found."""
    lines = [tr("Проверено публикаций: {0}, из них без даты: {1}", report.checked, report.undated, lang=lang),
             tr("Публикаций в кластерах перепечаток: {0} (кластеров: {1})", report.clustered, report.clusters,
                lang=lang)]
    if report.unknown_originals:
        lines.append(tr("Кластеров без датированной копии, первоисточник не установлен: {0}",
                        report.unknown_originals, lang=lang))
    return lines
