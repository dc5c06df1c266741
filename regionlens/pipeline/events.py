"""Named events (Forum of Regions and others) from a YAML file, for the time-series windows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from regionlens.analysis.timeseries import Event


class EventsFileError(ValueError):
    """An events file that cannot be used; the message names the file and entry."""


def read_events(path: str | Path) -> list[Event]:
    """`events:` list of {name_ru, name_en?, start: YYYY-MM-DD, end: YYYY-MM-DD}."""
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EventsFileError(f"{file}: не удалось прочитать файл событий: {exc}") from exc
    items = data.get("events") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise EventsFileError(f"{file}: ожидается список событий (ключ «events:»)")
    events = []
    for n, item in enumerate(items, 1):
        try:
            start = item["start"] if isinstance(item["start"], date) else date.fromisoformat(str(item["start"]))
            end_raw = item.get("end", start)
            end = end_raw if isinstance(end_raw, date) else date.fromisoformat(str(end_raw))
            name = str(item["name_ru"])
        except (KeyError, TypeError, ValueError) as exc:
            raise EventsFileError(f"{file}: событие №{n}: нужны name_ru и даты start/end в виде ГГГГ-ММ-ДД ({exc})") from exc
        if end < start:
            raise EventsFileError(f"{file}: событие №{n}: дата окончания раньше даты начала")
        events.append(Event(name, str(item.get("name_en") or name), start, end))
    return events


def write_events(events: list[Event], path: str | Path) -> None:
    rows = [{"name_ru": e.name_ru, "name_en": e.name_en, "start": e.start.isoformat(), "end": e.end.isoformat()} for e in events]
    Path(path).write_text(yaml.safe_dump({"events": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
