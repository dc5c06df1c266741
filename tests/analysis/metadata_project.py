"""Small stored projects with chosen metadata gaps: dates, outlet registry, levels, countries, union items.

Written rows go through the real store, so `analyze_project` reads them with
`load_frame` exactly as it reads a folder of saved pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from regionlens.store.project import Project, init_project
from regionlens.store.schema import codes, coding_runs, documents, sources

OUTLETS = [  # name, level, country, region
    ("Вести Смоленска", "regional", "RU", "RU-SMO"), ("Витебские вести", "regional", "BY", "BY-VI"),
    ("Федеральная газета", "federal", "RU", None), ("Минский вестник", "federal", "BY", None),
]
TOPICS = ["ECON", "CULT", "EDU", "IND"]


@dataclass(frozen=True)
class Gaps:
    n: int = 12
    dates: str = "all"  # all | some | none
    registry: bool = True
    one_level: bool = False
    one_country: bool = False
    union: bool = True
    reprints_run: bool = False


def build_project(root: Path, gaps: Gaps) -> Project:
    project = init_project(root)
    now = datetime(2024, 1, 1, tzinfo=UTC)
    outlets = OUTLETS[:1] if gaps.one_level and gaps.one_country else (
        [o for o in OUTLETS if o[1] == "regional"] if gaps.one_level else
        [o for o in OUTLETS if o[2] == "RU"] if gaps.one_country else OUTLETS)
    with project.engine.begin() as conn:
        ids: list[int | None] = []
        if gaps.registry:
            for name, level, country, region in outlets:
                ids.append(conn.execute(insert(sources).values(name=name, level=level, country=country,
                                                               region_code=region)).inserted_primary_key[0])
        else:
            ids = [None]
        for i in range(gaps.n):
            dated = gaps.dates == "all" or (gaps.dates == "some" and i % 2 == 0)
            doc_id = conn.execute(insert(documents).values(
                source_id=ids[i % len(ids)], url=f"https://example.org/{i}", title=f"Публикация {i}",
                text=f"Текст публикации номер {i} о сотрудничестве.", language="ru" if i % 3 else "be",
                published_at=datetime(2023, 1 + i % 12, 1 + i % 27, tzinfo=UTC) if dated else None,
                kind="media", content_hash=f"h{i}", ingested_at=now)).inserted_primary_key[0]
            values = {"union": int(gaps.union and i % 4 != 3), "interregional": int(i % 2 == 0),
                      "substantive": i % 2, "problem": int(i % 5 == 0), "tone": (i % 3) - 1,
                      "regions": ["RU-SMO", "BY-VI"] if i % 2 == 0 else [], "topics": [TOPICS[i % 4]],
                      "actors": ["FED"] if i % 2 else ["REG"], "genre": "NEWS"}
            conn.execute(insert(codes), [
                {"document_id": doc_id, "variable": k, "coder": "auto", "value": json.dumps(v),
                 "codebook_version": "1", "coded_at": now + timedelta(seconds=i)} for k, v in values.items()])
            conn.execute(insert(coding_runs).values(  # as the coder records a run: the dashboard's facts follow it
                document_id=doc_id, coder="auto", codebook_version="1", codebook_hash="test", software_version="test",
                coded_at=now + timedelta(seconds=i)))
    if gaps.reprints_run:
        from regionlens.pipeline.reprints import detect_reprints

        detect_reprints(project)
    return project
