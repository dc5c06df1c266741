from __future__ import annotations

from pathlib import Path

import pytest

from regionlens.sources.files import RegistryFileError, read_registry, write_registry
from regionlens.sources.registry import SourceResolver, import_sources, list_sources, registry_records
from regionlens.store.project import Project

YAML = """\
sources:
  - name: Смоленский курьер
    domains: [smol-kurier.ru, www.news.smol-kurier.ru]
    country: RU
    level: regional
    region_code: RU-SMO
    founder: regional_authority
    language: ru
    output_per_month: 420
  - name: Віцебскія навіны
    domains: vitnews.by
    country: BY
    level: regional
    region_code: BY-VI
    founder: state
    language: be
  - name: Союзный вестник
    domains: [souz-vestnik.org]
    country: union
    level: union
"""

BROKEN = """\
sources:
  - name: Хорошая газета
    country: RU
    level: regional
    region_code: RU-BRY
  - name: Плохой уровень
    country: RU
    level: районка
  - name: Плохой регион
    country: BY
    level: regional
    region_code: BY-XX1
"""


def test_yaml_registry_round_trip(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(YAML, encoding="utf-8")
    records, errors = read_registry(path)
    assert errors == []
    assert [r.name for r in records] == ["Смоленский курьер", "Віцебскія навіны", "Союзный вестник"]
    assert records[0].domains == ["smol-kurier.ru", "news.smol-kurier.ru"]
    assert records[0].output_per_month == 420.0
    assert import_sources(project.engine, records) == (3, 0)
    assert import_sources(project.engine, records) == (0, 3)  # re-import updates, never duplicates
    listed = {r["name"]: r for r in list_sources(project.engine)}
    assert listed["Віцебскія навіны"]["region_code"] == "BY-VI"
    assert listed["Смоленский курьер"]["domains"] == ["news.smol-kurier.ru", "smol-kurier.ru"]
    for suffix in (".yaml", ".csv"):
        out = tmp_path / f"export{suffix}"
        write_registry(registry_records(project.engine), out)
        back, errs = read_registry(out)
        assert errs == []
        assert sorted((r.name, r.level, r.region_code, tuple(sorted(r.domains))) for r in back) == sorted(
            (r.name, r.level, r.region_code, tuple(sorted(r.domains))) for r in records
        )


def test_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    records, errors = read_registry(path)
    assert [r.name for r in records] == ["Хорошая газета"]
    assert any(e.startswith(f"{path}:6:") and "неизвестный уровень «районка»" in e for e in errors), errors
    assert any(e.startswith(f"{path}:9:") and "неверный код региона «BY-XX1»" in e for e in errors), errors


def test_csv_registry_in_cp1251_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    rows = [
        "name;domains;country;level;region_code;founder;language",
        "Брянская неделя;bryansk-week.ru;RU;regional;RU-BRY;private;ru",
        "Гомельская зорька;zorka.by;BY;local;BY-HO;municipal;ru",
        "Без страны;x.ru;;regional;;;",
    ]
    path.write_bytes("\r\n".join(rows).encode("cp1251"))
    records, errors = read_registry(path)
    assert [r.name for r in records] == ["Брянская неделя", "Гомельская зорька"]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:4:") and "неизвестная страна" in errors[0]


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("sources:\n  - name: A\n    country: [RU\n", encoding="utf-8")
    with pytest.raises(RegistryFileError, match=r"broken\.yaml:\d+: ошибка синтаксиса YAML"):
        read_registry(path)


def test_attribution_by_name_domain_and_url(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(YAML, encoding="utf-8")
    import_sources(project.engine, read_registry(path)[0])
    resolver = SourceResolver(project.engine)
    ids = {r["name"]: r["id"] for r in list_sources(project.engine)}
    assert resolver.resolve("смоленский КУРЬЕР", None) == ids["Смоленский курьер"]
    assert resolver.resolve("www.vitnews.by", None) == ids["Віцебскія навіны"]
    assert resolver.resolve(None, "https://sport.vitnews.by/2021/03/12/match.html") == ids["Віцебскія навіны"]
    assert resolver.resolve(None, "https://news.smol-kurier.ru/a") == ids["Смоленский курьер"]
    assert resolver.resolve("Неизвестная газета", "https://unknown.example/x") is None
