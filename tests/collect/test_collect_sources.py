"""`sitemap_url` in the registry: files, validation, the API, and the schema upgrade that adds it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from regionlens.sources.files import read_registry, write_registry
from regionlens.sources.registry import import_sources, registry_records
from regionlens.sources.validate import validate_record
from regionlens.store.migrations import LATEST, current_version
from regionlens.store.project import init_project, make_engine, open_project


def test_registry_files_carry_the_sitemap(tmp_path: Path) -> None:
    yaml_file = tmp_path / "sources.yaml"
    yaml_file.write_text("sources:\n  - name: Газета\n    country: RU\n    level: local\n"
                         "    feed_url: https://gazeta.example/rss\n    sitemap_url: https://gazeta.example/sitemap.xml\n",
                         encoding="utf-8")
    records, errors = read_registry(yaml_file)
    assert errors == [] and records[0].sitemap_url == "https://gazeta.example/sitemap.xml"
    project = init_project(tmp_path / "proj")
    import_sources(project.engine, records)
    for name in ("out.csv", "out.yaml"):
        write_registry(registry_records(project.engine), tmp_path / name)
        again, problems = read_registry(tmp_path / name)
        assert problems == [] and again[0].sitemap_url == "https://gazeta.example/sitemap.xml"


def test_feed_and_sitemap_must_be_web_addresses() -> None:
    record, errors = validate_record({"name": "Газета", "country": "RU", "level": "local",
                                      "sitemap_url": "file:///etc/passwd", "feed_url": "gazeta.example/rss"}, "s.yaml:3")
    assert record is None
    assert "s.yaml:3: адрес карты сайта (sitemap_url) должен начинаться с http:// или https://, а не «file:///etc/passwd»" in errors
    assert any("feed_url" in e and "gazeta.example/rss" in e for e in errors)


def test_an_older_project_gains_the_column_and_the_tables(tmp_path: Path) -> None:
    project = init_project(tmp_path / "old")
    with project.engine.begin() as conn:  # take it back to what schema 6 wrote
        for table in ("collect_urls", "collect_channels", "collect_sources"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE sources DROP COLUMN sitemap_url"))
        conn.execute(text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
    project.engine.dispose()
    engine = make_engine(f"sqlite:///{tmp_path / 'old' / 'regionlens.db'}")
    with engine.connect() as conn:
        assert current_version(conn) == 6 and "sitemap_url" not in {c["name"] for c in inspect(conn).get_columns("sources")}
    engine.dispose()
    reopened = open_project(tmp_path / "old")
    with reopened.engine.connect() as conn:
        assert current_version(conn) == LATEST
        assert "sitemap_url" in {c["name"] for c in inspect(conn).get_columns("sources")}
        assert {"collect_sources", "collect_channels", "collect_urls"} <= set(inspect(conn).get_table_names())
