"""The demo corpus: invented outlets and publications with known codes and planted effects.

Why: the analysis and the report need a corpus whose truth is known in advance.
Every effect the study describes (less substance in regional media, few problems,
agency reprints, asymmetric border pairs, Forum-of-Regions peaks, different topic
emphasis by country) is planted with a stated magnitude, and `null=True` makes the
same corpus without any of them, so "no effect" can be tested too.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from regionlens.demo import phrases_ru
from regionlens.demo.effects import FORUMS, Effects, Forum, planted
from regionlens.demo.fills import document_fills, person
from regionlens.demo.ground_truth import codes_of, write_ground_truth_md
from regionlens.demo.outlets import DISTRICTS, OUTLETS, Outlet
from regionlens.demo.phrase_types import Phrase
from regionlens.demo.places import BORDER_PAIRS, BY_REGIONS, RU_REGIONS, forms
from regionlens.demo.stories import Flags, Story, bank_module, build_filler, build_story, render, story_bank
from regionlens.gazetteer import border_codes

MSK = timezone(timedelta(hours=3))
BASE_KINDS = {"visit": 1.2, "agreement": 0.8, "trade": 1.0, "industry": 1.0, "agri": 0.7, "culture": 1.0,
              "education": 0.7, "fedpol": 1.2, "transport": 0.6}
BE_KINDS = ("visit", "agreement", "culture", "fedpol", "trade")
FILLER_THEMES_RU = ("roads", "harvest", "school", "culture", "health", "weather")
FILLER_THEMES_BE = ("roads", "harvest", "school")
FORUM_SHARE_IN_MONTH = 0.6
FORUM_SHARE_ELSEWHERE = 0.02


@dataclass(slots=True)
class DemoManifest:
    out_dir: Path
    sources_path: Path
    corpus_path: Path
    ground_truth_path: Path
    ground_truth_md_path: Path
    seed: int
    n_docs: int
    n_outlets: int
    years: tuple[int, ...]
    null: bool
    effects: dict[str, object]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Doc:
    outlet: Outlet
    story: Story
    when: datetime
    notes: list[str]
    reprint_of: int | None = None


def forum_of(year: int) -> Forum:
    """The year's Forum of Regions (invented dates for years outside the table)."""
    if year in FORUMS:
        return FORUMS[year]
    return replace(FORUMS[2021 + (year % 3)], no=str(year))


def _months(years: tuple[int, ...]) -> list[tuple[int, int]]:
    return [(y, m) for y in years for m in range(1, 13)]


def _forum_month(year: int) -> int:
    return forum_of(year).month


def _moment(rng: random.Random, year: int, month: int, day: int | None = None) -> datetime:
    nxt = datetime(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - timedelta(days=1)).day
    d = day if day is not None else rng.randint(1, last)
    return datetime(year, month, min(max(d, 1), last), rng.randint(7, 21), rng.randint(0, 59), tzinfo=MSK)


def _own_region(outlet: Outlet) -> str | None:
    return outlet.region_code if outlet.level in ("regional", "local") else None


def _with_regions_share(fx: Effects, country: str) -> float:
    """Share of a country's own union items whose story kind names regions (not Union-State politics)."""
    emph = fx.emphasis.get(country, {})
    weights = {k: w * emph.get(k, 1.0) for k, w in BASE_KINDS.items()}
    return 1.0 - weights["fedpol"] / sum(weights.values())


def _pair_drivers(fx: Effects) -> dict[str, dict[str, float]]:
    """Per driving region (the first side of each pair), the share of its own union items
    about the partner; the second side follows the first side's realised count / ratio."""
    base = {"RU-SMO/BY-VI": 0.35, "BY-HO/RU-BRY": 0.35, "BY-VI/RU-PSK": 0.20}
    if fx.null:
        base = {"RU-SMO/BY-VI": 0.25, "BY-HO/RU-BRY": 0.25, "BY-VI/RU-PSK": 0.20}
    drivers: dict[str, dict[str, float]] = {}
    for key in fx.pair_ratio:
        first, second = key.split("/")
        drivers.setdefault(first, {})[second] = min(0.9, base[key] / _with_regions_share(fx, first[:2]))
    return drivers


def _flags(rng: random.Random, fx: Effects, outlet: Outlet, own_subst: float) -> tuple[int, int, int]:
    problem = int(rng.random() < fx.problem[outlet.country])
    p_sub = own_subst
    substantive = 1 if problem else int(rng.random() < (p_sub - fx.problem[outlet.country]) /
                                         (1 - fx.problem[outlet.country]))
    if problem:
        tone = -1 if rng.random() < 0.5 else 0
    else:
        tone = 1 if rng.random() < 0.55 else 0
    return substantive, problem, tone


class _PairPlanner:
    """Decides which regional items are about a border pair.

    The first side of a pair (the one that covers it more) turns a fixed share of its items
    into pair items by error diffusion; every such item gives the second side 1/ratio of an
    item to write, so the planted coverage ratio holds almost exactly at any corpus size.
    """

    def __init__(self, fx: Effects, rng: random.Random):
        self.drivers = _pair_drivers(fx)
        self.ratio = {tuple(k.split("/")): v for k, v in fx.pair_ratio.items()}
        self.acc = {(own, p): rng.random() for own, ps in sorted(self.drivers.items()) for p in sorted(ps)}
        self.quota = {(second, first): 0.5 for (first, second) in self.ratio}

    def partner(self, own: str) -> str | None:
        for code, share in sorted(self.drivers.get(own, {}).items()):
            self.acc[(own, code)] += share
        for code in sorted(self.drivers.get(own, {})):
            if self.acc[(own, code)] >= 1.0:
                self.acc[(own, code)] -= 1.0
                self.quota[(code, own)] += 1.0 / self.ratio[(own, code)]
                return code
        for (second, first), left in sorted(self.quota.items()):
            if second == own and left >= 1.0:
                self.quota[(second, first)] -= 1.0
                return first
        return None


def _choose_regions(rng: random.Random, outlet: Outlet, planner: _PairPlanner) -> tuple[str, str, list[str]]:
    """The Russian (A) and Belarusian (B) regions of a story, with a note when it is a border pair."""
    own = _own_region(outlet)
    notes: list[str] = []
    if own is None:
        for _ in range(4):
            a, b = rng.choice(RU_REGIONS), rng.choice(BY_REGIONS)
            if (a, b) not in BORDER_PAIRS or rng.random() < 0.15:
                break
        return a, b, notes
    partner = planner.partner(own)
    # Other partners are never border regions: border × border pairs are exactly the planted ones,
    # so the reciprocity of every border pair is what the effects table says (none in the null corpus).
    others = [c for c in (BY_REGIONS if own.startswith("RU") else RU_REGIONS) if c not in border_codes()]
    other = partner or rng.choice(others)
    if partner:
        notes.append(f"border pair {own}–{partner}")
    return (own, other, notes) if own.startswith("RU") else (other, own, notes)


def _min_words(rng: random.Random) -> int:
    return rng.randint(85, 200)


class _Builder:
    def __init__(self, seed: int, n_docs: int, years: tuple[int, ...], null: bool):
        self.rng = random.Random(seed)
        self.fx = planted(null)
        self.n_docs = n_docs
        self.years = years
        self.null = null
        self.months = _months(years)
        regional = [o for o in OUTLETS if o.level in ("regional", "local")]
        total_w = sum(o.weight for o in regional)
        ru_lang_w = sum(o.weight for o in regional if o.language == "ru")
        scale = total_w / ru_lang_w
        self.reprint_p = {o.name: self.fx.reprint_share * scale for o in regional if o.language == "ru"}
        self.pairs = _PairPlanner(self.fx, self.rng)
        # Own items of regional media carry less substance so that, with agency reprints
        # (which carry the federal rate), the level's rate is the planted one.
        fed = self.fx.substantive["federal"]
        r = self.fx.reprint_share
        self.own_subst = {lvl: (rate - r * fed) / (1 - r) if lvl in ("regional", "local") and r < 1 else rate
                          for lvl, rate in self.fx.substantive.items()}
        n_forum_months = sum(1 for (y, m) in self.months if m == _forum_month(y))
        peak, n = self.fx.forum_peak, len(self.months)
        self.forum_weight = peak * (n - n_forum_months) / (n - peak * n_forum_months) if peak > 1 else 1.0

    # -- dates ------------------------------------------------------------
    def _union_month(self) -> tuple[int, int]:
        weights = [self.forum_weight if m == _forum_month(y) else 1.0 for (y, m) in self.months]
        return self.rng.choices(self.months, weights)[0]

    def _forum_story_here(self, year: int, month: int) -> bool:
        if self.null:
            share = (FORUM_SHARE_IN_MONTH * 3 + FORUM_SHARE_ELSEWHERE * 33) / 36
            return self.rng.random() < share
        in_month = month == _forum_month(year)
        return self.rng.random() < (FORUM_SHARE_IN_MONTH if in_month else FORUM_SHARE_ELSEWHERE)

    # -- one original item ----------------------------------------------
    def original(self, outlet: Outlet) -> _Doc:
        rng = self.rng
        union_share = 0.97 if outlet.level == "union" else self.fx.union_share
        if rng.random() >= union_share:
            return self._filler(outlet)
        year, month = self._union_month()
        when = _moment(rng, year, month)
        notes: list[str] = []
        forum = forum_of(year)
        if self._forum_story_here(year, month):
            kind = "forum"
            if not self.null:
                when = _moment(rng, year, forum.month, forum.day + rng.randint(-3, 5))
            notes.append("forum of regions")
        else:
            kinds = BE_KINDS if outlet.language == "be" else tuple(BASE_KINDS)
            emph = self.fx.emphasis.get(outlet.country, {})
            weights = [BASE_KINDS[k] * emph.get(k, 1.0) for k in kinds]
            kind = rng.choices(kinds, weights)[0]
        lang = outlet.language
        bank = story_bank(kind, lang)
        a = b = None
        pair = False
        if bank.cast != "none":
            a, b, pair_notes = _choose_regions(rng, outlet, self.pairs)
            notes += pair_notes
            pair = bool(pair_notes)
        subst, problem, tone = _flags(rng, self.fx, outlet, self.own_subst[outlet.level])
        flags = Flags(union=1, interregional=int(bank.interregional), substantive=subst, problem=problem,
                      tone=tone)
        host = forum.host if kind == "forum" else None
        fills = document_fills(rng, lang, a, b, host, None, when.month, when.day, forum)
        fills["columnist"] = person(rng, outlet.country if outlet.country != "union" else "RU", lang)
        story = build_story(rng, kind, lang, flags, fills, _min_words(rng))
        if lang == "ru" and not outlet.agency and not pair:
            self._genre(story, outlet)
            if story.flags.genre == "OFFICIAL":     # greetings come out on the Day of Unity, 2 April
                when = _moment(rng, year, 4, rng.choice((1, 2)))
        if pair:
            used = render(story)[2]
            if not (any(k.startswith("A") for k in used) and any(k.startswith("B") for k in used)):
                story.body.append(rng.choice(bank_module(lang).PAIR_BRIDGE))
        if outlet.agency:
            city = (forms(a, "ru").city if a and outlet.country == "RU" else
                    forms(b, "ru").city if b else ("МОСКВА" if outlet.country == "RU" else "МИНСК"))
            months = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
            story.dateline = f"{city.upper()}, {when.day} {months[when.month - 1]} /{outlet.name}/ — "
        return _Doc(outlet, story, when, notes)

    def _genre(self, story: Story, outlet: Outlet) -> None:
        """Reframe some items as an official greeting, an interview or a column."""
        rng, flags = self.rng, story.flags
        side = "A" if outlet.country == "RU" else "B"
        own = _own_region(outlet)
        u = rng.random()
        if (own and flags.tone == 1 and not flags.problem and u < 0.12 and f"{side}_land" in story.fills):
            title, lead, body, signature = phrases_ru.official_frame(side)
            story.title, story.lead = title, lead
            specifics = {x.text for x in story_bank(story.kind, "ru").subst}
            story.body = list(body) + [ph for ph in story.body if ph.text in specifics][:1] + [signature]
            flags.genre = "OFFICIAL"
            flags.interregional = 0
        elif u < 0.18 and f"{side}_head" in story.fills and story.kind != "fedpol":
            story.lead = phrases_ru.INTERVIEW_LEAD[0 if side == "A" else 1]
            generic = {ph.text for ph in phrases_ru.GENERIC_PROTO + phrases_ru.GENERIC_PROTO_NOREG}
            pad = list(phrases_ru.INTERVIEW_PAD)
            rng.shuffle(pad)
            story.body = [ph for ph in story.body if ph.text not in generic]
            while pad and len(story.body) < 8:
                story.body.insert(rng.randint(0, len(story.body)), pad.pop())
            story.qa = True
            flags.genre = "INTERVIEW"
        elif u < 0.24:
            story.body = [self.rng.choice(phrases_ru.ANALYSIS_OPEN)] + story.body + [
                self.rng.choice(phrases_ru.ANALYSIS_CLOSE)]
            flags.genre = "ANALYSIS"

    def _filler(self, outlet: Outlet) -> _Doc:
        rng = self.rng
        year, month = rng.choice(self.months)
        when = _moment(rng, year, month)
        own = _own_region(outlet) or rng.choice(RU_REGIONS if outlet.country == "RU" else BY_REGIONS)
        lang = outlet.language
        themes = FILLER_THEMES_BE if lang == "be" else FILLER_THEMES_RU
        fills = document_fills(rng, lang, None, None, None, own, when.month, when.day, forum_of(year))
        if outlet.level == "local" and outlet.name in DISTRICTS:
            fills["O_pre"] = f"{DISTRICTS[outlet.name][1]} {fills['O_gen']}"
        story = build_filler(rng, rng.choice(themes), lang, fills, _min_words(rng))
        return _Doc(outlet, story, when, ["filler: no Belarus–Russia link"])

    # -- reprints ----------------------------------------------------------
    def reprint(self, outlet: Outlet, original: _Doc, original_index: int) -> _Doc:
        rng = self.rng
        src = original.story
        bank = story_bank(src.kind, "ru") if src.kind != "filler" else None
        notes = [f"reprint of an {original.outlet.name} story"]
        title, lead = src.title, src.lead
        if bank is not None and rng.random() < 0.4:
            title = rng.choice([t for t in bank.titles if _usable(t, src.fills)] or [title])
            notes.append("title changed")
        if bank is not None and rng.random() < 0.35:
            lead = rng.choice([t for t in bank.leads if _usable(t, src.fills)] or [lead])
            notes.append("lead rewritten")
        tail = [f"Источник: {original.outlet.name}"] if rng.random() < 0.7 else []
        flags = replace(src.flags)
        story = Story(src.kind, "ru", flags, title, lead, list(src.body), src.fills, tail=tail)
        when = original.when + timedelta(minutes=rng.randint(20, 2 * 24 * 60))
        if when.year > max(self.years):     # the corpus ends with its last year
            when = min(when, datetime(max(self.years), 12, 31, 23, 30, tzinfo=MSK))
        return _Doc(outlet, story, when, notes + original.notes, reprint_of=original_index)


def _usable(phrase: Phrase, fills: dict[str, str]) -> bool:
    try:
        phrase.text.format_map(fills)
    except KeyError:
        return False
    return True


def generate_demo(out_dir: Path, *, seed: int = 2022, n_docs: int = 5000,
                  years: tuple[int, ...] = (2021, 2022, 2023), null: bool = False,
                  progress: Callable[[int], None] | None = None) -> DemoManifest:
    """Write sources.yaml, corpus.jsonl, ground_truth.jsonl and ground_truth.md into `out_dir`."""
    if n_docs < 1:
        raise ValueError("Число документов должно быть положительным (n_docs >= 1).")
    if not years:
        raise ValueError("Нужен хотя бы один год (years).")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    b = _Builder(seed, n_docs, tuple(years), null)
    rng = b.rng
    assignment = rng.choices(OUTLETS, [o.weight for o in OUTLETS], k=n_docs)
    agencies = [o for o in assignment if o.agency]
    others = [o for o in assignment if not o.agency]
    docs: list[_Doc] = []
    agency_docs: dict[str, list[int]] = {}
    for outlet in agencies:
        docs.append(b.original(outlet))
        agency_docs.setdefault(outlet.country, []).append(len(docs) - 1)
        if progress and len(docs) % 500 == 0:
            progress(len(docs))
    for outlet in others:
        pool = agency_docs.get(outlet.country, [])
        if pool and rng.random() < b.reprint_p.get(outlet.name, 0.0):
            idx = rng.choice(pool)
            docs.append(b.reprint(outlet, docs[idx], idx))
        else:
            docs.append(b.original(outlet))
        if progress and len(docs) % 500 == 0:
            progress(len(docs))
    order = sorted(range(len(docs)), key=lambda i: (docs[i].when, docs[i].outlet.name, i))
    ids = {old: f"demo-{new + 1:05d}" for new, old in enumerate(order)}
    corpus_rows: list[dict[str, object]] = []
    truth_rows: list[dict[str, object]] = []
    for new, old in enumerate(order):
        doc = docs[old]
        title, text, used = render(doc.story)
        slug = f"{doc.when:%Y%m%d}-{new + 1:05d}"
        corpus_rows.append({
            "id": ids[old], "source": doc.outlet.name, "url": f"https://{doc.outlet.domain}/news/{slug}",
            "title": title, "text": text, "published_at": doc.when.isoformat(timespec="seconds"),
            "language": doc.story.lang,
        })
        codes = codes_of(doc.story, used)
        truth_rows.append({"id": ids[old], **codes,
                           "reprint_of": ids[doc.reprint_of] if doc.reprint_of is not None else None,
                           "planted": doc.notes})
    if progress:
        progress(len(docs))
    sources_path = out_dir / "sources.yaml"
    sources_path.write_text(
        "# Demo registry of invented outlets (regionlens demo generator).\n"
        + yaml.safe_dump({"sources": [o.registry_entry() for o in OUTLETS]}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    corpus_path = out_dir / "corpus.jsonl"
    _write_jsonl(corpus_path, corpus_rows)
    truth_path = out_dir / "ground_truth.jsonl"
    _write_jsonl(truth_path, truth_rows)
    md_path = out_dir / "ground_truth.md"
    counts = {
        "documents": len(corpus_rows),
        "union": sum(1 for r in truth_rows if r["union"]),
        "reprints": sum(r["reprint_of"] is not None for r in truth_rows),
        "outlets": len(OUTLETS),
    }
    write_ground_truth_md(md_path, seed=seed, n_docs=n_docs, years=tuple(years), fx=b.fx, counts=counts,
                          forums={y: forum_of(y) for y in years}, drivers=b.pairs.drivers,
                          own_subst=b.own_subst)
    return DemoManifest(out_dir, sources_path, corpus_path, truth_path, md_path, seed, len(corpus_rows),
                        len(OUTLETS), tuple(years), null, b.fx.as_dict(), counts)


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
