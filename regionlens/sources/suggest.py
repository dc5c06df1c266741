"""`sources suggest`: the domains nobody has described yet, with a first guess, as a registry file to review.

Publications whose source is in neither the registry nor the catalogue count as «unknown»
in the report's methods section. Listing their domains by publication count shows which
few outlets would attribute most of them; the output is a YAML file in the registry
format (`regionlens sources import` reads it), so reviewing it is editing, not retyping.
A guess is only written where there is evidence (the domain's zone, the texts' language,
a government domain); an entry without a level is left commented out, because the
import would reject it and a made-up level would bias every table by level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex
import yaml
from sqlalchemy import Engine, or_, select

from regionlens.sources.catalogue import host_of
from regionlens.sources.model import LANGUAGES
from regionlens.store.schema import documents, sources

ZONES = {"by": "BY", "бел": "BY", "xn--90ais": "BY", "ru": "RU", "рф": "RU", "xn--p1ai": "RU", "su": "RU"}
OFFICIAL_RE = regex.compile(r"(^|\.)gov\.(by|ru)$|(^|[.-])(adm|admin)[.-]")
# Belarusian official sites name their oblast (`vitebsk-region.gov.by`, `orsha.vitebsk-region.gov.by`).
BY_OBLAST_HOSTS = {"brest": "BY-BR", "gomel": "BY-HO", "grodno": "BY-HR", "mogilev": "BY-MA", "vitebsk": "BY-VI",
                   "minsk-region": "BY-MI", "minsk": "BY-HM"}

HEAD = {
    "ru": ["Домены публикаций, чей источник не описан ни в реестре проекта, ни в каталоге regionlens.",
           "Проверьте догадки, допишите недостающее и загрузите: regionlens sources import ФАЙЛ",
           "Записи без уровня закомментированы: укажите level (federal, regional, local, union, official,",
           "expert, aggregator) и уберите «#» в начале строк."],
    "en": ["Domains of publications whose source is described neither in the project registry nor in the",
           "regionlens catalogue. Check the guesses, fill in what is missing and load the file with:",
           "regionlens sources import FILE",
           "Entries without a level are commented out: set level (federal, regional, local, union, official,",
           "expert, aggregator) and remove the «#» at the start of their lines."],
}
TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "no_url": "публикаций без адреса (URL): их источник по домену не определить: {n}",
        "none": "Неизвестных доменов нет: все публикации с адресом отнесены к источникам.",
        "count": "публикаций: {n}",
        "zone": "страна по доменной зоне .{zone}",
        "lang": "страна по языку текстов ({share} % на белорусском)",
        "no_country": "страна не определена (указана other)",
        "official": "уровень official: государственный домен",
        "no_level": "уровень не определён",
        "region": "регион {code} по имени домена",
    },
    "en": {
        "no_url": "publications without an address (URL), whose source no domain can tell: {n}",
        "none": "No unknown domains: every publication with an address is attributed to a source.",
        "count": "publications: {n}",
        "zone": "country from the domain zone .{zone}",
        "lang": "country from the language of the texts ({share} % Belarusian)",
        "no_country": "country not determined (set to other)",
        "official": "level official: a government domain",
        "no_level": "level not determined",
        "region": "region {code} from the domain name",
    },
}


@dataclass(slots=True)
class Suggestion:
    domain: str
    publications: int
    languages: Counter[str] = field(default_factory=Counter)
    country: str = "other"
    level: str | None = None
    region_code: str | None = None
    language: str | None = None
    reasons: list[str] = field(default_factory=list)


def unknown_domains(engine: Engine) -> tuple[dict[str, Suggestion], int]:
    """Unknown publications grouped by host (`www.`/`m.` folded), and the number that have no URL."""
    found: dict[str, Suggestion] = {}
    no_url = 0
    query = (
        select(documents.c.url, documents.c.language)
        .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
        .where(or_(documents.c.source_id.is_(None), sources.c.origin == "unknown"))
    )
    with engine.connect() as conn:
        for url, language in conn.execution_options(stream_results=True, yield_per=5000).execute(query):
            host = host_of(url) if url else ""
            if not host:
                no_url += 1
                continue
            item = found.setdefault(host, Suggestion(host, 0))
            item.publications += 1
            if language:
                item.languages[language] += 1
    return found, no_url


def guess(item: Suggestion, lang: str = "ru") -> Suggestion:
    """Fill country, level, region and language where the domain or the texts give evidence; say which."""
    t = TEXTS[lang]
    zone = item.domain.rsplit(".", 1)[-1]
    total = sum(item.languages.values())
    be_share = item.languages["be"] / total if total else 0.0
    if zone in ZONES:
        item.country = ZONES[zone]
        item.reasons.append(t["zone"].format(zone=zone))
    elif be_share >= 0.5:
        item.country = "BY"
        item.reasons.append(t["lang"].format(share=round(100 * be_share)))
    else:
        item.reasons.append(t["no_country"])
    if OFFICIAL_RE.search(item.domain):
        item.level = "official"
        item.reasons.append(t["official"])
    else:
        item.reasons.append(t["no_level"])
    if item.country == "BY":
        item.region_code = next((code for key, code in BY_OBLAST_HOSTS.items() if key in item.domain), None)
        if item.region_code:
            item.reasons.append(t["region"].format(code=item.region_code))
    top = item.languages.most_common(1)
    item.language = top[0][0] if top and top[0][0] in LANGUAGES else None
    return item


def _entry_lines(item: Suggestion) -> list[str]:
    record: dict[str, object] = {"name": item.domain, "domains": [item.domain], "country": item.country,
                                 "level": item.level or ""}
    if item.region_code:
        record["region_code"] = item.region_code
    if item.language:
        record["language"] = item.language
    text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, default_flow_style=False)
    return text.rstrip("\n").split("\n")


def suggestions_yaml(found: dict[str, Suggestion], no_url: int, lang: str = "ru", limit: int | None = None) -> str:
    """The registry-format YAML of the unknown domains, most publications first; guesses explained in comments."""
    t = TEXTS[lang]
    items = sorted(found.values(), key=lambda s: (-s.publications, s.domain))[:limit]
    lines = [f"# {line}" for line in HEAD[lang]]
    if no_url:
        lines.append("# " + t["no_url"].format(n=no_url))
    if not items:
        lines.append("# " + t["none"])
    guessed = [guess(item, lang) for item in items]
    lines.append("sources:" if any(g.level for g in guessed) else "sources: []")
    for item in guessed:
        lines.append(f"# {item.domain}: " + t["count"].format(n=item.publications) + "; " + "; ".join(item.reasons))
        entry = _entry_lines(item)
        lines.extend(entry if item.level else [f"#{line}" for line in entry])
    return "\n".join(lines) + "\n"
