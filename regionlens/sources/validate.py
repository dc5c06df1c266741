"""Validation of source records; every message names the file and line."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from regionlens.sources.model import (
    COUNTRIES,
    FIELDS,
    FOUNDERS,
    LANGUAGES,
    LEVEL_ALIASES,
    LEVELS,
    REGION_CODE_RE,
    SourceRecord,
    normalise_domain,
)


def known_region(code: str) -> bool:
    """A region code the gazetteer knows (falls back to the code's shape if it is unavailable)."""
    try:
        from regionlens.gazetteer.gazetteer import is_valid_code
    except ImportError:
        return bool(REGION_CODE_RE.match(code))
    return is_valid_code(code)


def _web_address(url: str) -> bool:
    """An absolute http(s) address with a host: nothing a browser or a fetcher would run or read locally."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and len(url) <= 2000 and \
        not any(c.isspace() or ord(c) < 32 for c in url)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_record(raw: dict[str, Any], where: str) -> tuple[SourceRecord | None, list[str]]:
    """A checked SourceRecord, or None and the list of problems («file:line: ...»)."""
    errors: list[str] = []
    unknown = sorted(set(raw) - set(FIELDS) - {"domain"})
    if unknown:
        errors.append(f"{where}: неизвестные поля {', '.join(unknown)}; допустимы: {', '.join(FIELDS)}")
    name = str(raw.get("name") or "").strip()
    if not name:
        errors.append(f"{where}: не указано название источника (name)")
    country = str(raw.get("country") or "").strip()
    country = {"ru": "RU", "by": "BY", "Union": "union"}.get(country, country)
    if country not in COUNTRIES:
        errors.append(f"{where}: неизвестная страна «{country}»; допустимы: {', '.join(COUNTRIES)}")
    level = str(raw.get("level") or "").strip().lower()
    level = LEVEL_ALIASES.get(level, level)
    if level not in LEVELS:
        errors.append(f"{where}: неизвестный уровень «{raw.get('level')}»; допустимы: {', '.join(LEVELS)}")
    region = raw.get("region_code")
    region = None if _blank(region) else str(region).strip()
    if region is not None and not known_region(region):
        errors.append(f"{where}: неверный код региона «{region}» (нужен код ISO 3166-2, например RU-SMO или BY-VI)")
    founder = raw.get("founder")
    founder = None if _blank(founder) else str(founder).strip()
    if founder is not None and founder not in FOUNDERS:
        errors.append(f"{where}: неизвестный учредитель «{founder}»; допустимы: {', '.join(FOUNDERS)}")
    language = raw.get("language")
    language = None if _blank(language) else str(language).strip().lower()
    if language is not None and language not in LANGUAGES:
        errors.append(f"{where}: неизвестный язык «{language}»; допустимы: {', '.join(LANGUAGES)}")
    domains_raw = raw.get("domains", raw.get("domain"))
    if _blank(domains_raw):
        domains: list[str] = []
    elif isinstance(domains_raw, list):
        domains = [normalise_domain(str(d)) for d in domains_raw if not _blank(d)]
    else:
        domains = [normalise_domain(d) for d in str(domains_raw).replace(";", ",").replace(" ", ",").split(",") if d.strip()]
    output = raw.get("output_per_month")
    output_value: float | None = None
    if not _blank(output):
        try:
            output_value = float(str(output).replace(",", "."))
        except ValueError:
            errors.append(f"{where}: output_per_month должно быть числом, а не «{output}»")
    feed = raw.get("feed_url")
    sitemap = raw.get("sitemap_url")
    feed_url = None if _blank(feed) else str(feed).strip()
    for label, url in (("адрес ленты (feed_url)", feed), ("адрес карты сайта (sitemap_url)", sitemap)):
        if not _blank(url) and not _web_address(str(url).strip()):
            errors.append(f"{where}: {label} должен начинаться с http:// или https://, а не «{str(url).strip()[:200]}»")
    if errors:
        return None, errors
    return (
        SourceRecord(
            name=name,
            country=country,
            level=level,
            domains=domains,
            region_code=region,
            founder=founder,
            language=language,
            feed_url=feed_url,
            output_per_month=output_value,
            sitemap_url=None if _blank(sitemap) else str(sitemap).strip(),
        ),
        [],
    )
