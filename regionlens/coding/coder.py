"""The automatic coder: one publication → the nine codebook variables with evidence.

Each text is analysed once and matched once against every dictionary of the
codebook (one automaton per language); the variable families then apply their
rules to the same hits. The order matters only where the codebook says so:
union gates interregional, substantive, problem and tone; actors feed
interregional; problems feed tone, substantive and the energy-dispute topic
rule.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import sub
from pathlib import Path
from typing import Any

from regionlens.coding.actors import code_actors
from regionlens.coding.codebook import DEFAULT_PATH, VARIABLE_NAMES, Codebook, load_codebook
from regionlens.coding.context import Doc, Evidence, Field, find_hits, sentence_ids
from regionlens.coding.furniture import detect_title, strip_furniture
from regionlens.coding.genre import code_genre
from regionlens.coding.learned import apply_layer
from regionlens.coding.metadata import SourceMeta
from regionlens.coding.substantive import code_substantive
from regionlens.coding.tone import code_problem, code_tone
from regionlens.coding.topics import code_topics
from regionlens.coding.union import add_regions, code_interregional, code_regions, code_union
from regionlens.gazetteer.matcher import find_regions
from regionlens.text.belarusian import lacinka_share
from regionlens.text.langid import cyrillic_language, detect_language
from regionlens.text.stream import LemmaStream, analyse

__all__ = ["CodeResult", "Evidence", "code_records", "code_stream", "code_text", "read_input"]


@dataclass(slots=True)
class CodeResult:
    values: dict[str, Any]
    evidence: list[Evidence] = field(default_factory=list)

    def record(self, doc_id: Any) -> dict[str, Any]:
        """The one-shot output record: id, the nine variables, evidence."""
        out: dict[str, Any] = {"id": doc_id}
        out.update(self.values)
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


def _field(name: str, stream: LemmaStream, codebook: Codebook) -> Field:
    return Field(name, stream, find_hits(stream, codebook), sentence_ids(stream))


def _code_doc(doc: Doc, ner: bool, learned: bool = True) -> CodeResult:
    evidence: list[Evidence] = []
    regions, ev = code_regions(doc)
    evidence += ev
    union, ev = code_union(doc)
    evidence += ev
    actors, actor_ev = code_actors(doc)
    if ner:
        from regionlens.coding.ner import enrich_actors

        actors, actor_ev = enrich_actors(doc, actors, actor_ev)
    evidence += actor_ev
    interregional, ev = code_interregional(doc, union, actor_ev)
    evidence += ev
    problem = code_problem(doc, union)
    evidence += problem.evidence
    topics, ev = code_topics(doc, problem.sentences if problem.value else set())
    evidence += ev
    substantive, ev = code_substantive(doc, union, problem.value)
    evidence += ev
    tone, ev = code_tone(doc, union, problem)
    evidence += ev
    genre, ev = code_genre(doc)
    evidence += ev
    values: dict[str, Any] = {
        "union": union, "interregional": interregional, "regions": regions, "topics": topics,
        "substantive": substantive, "problem": problem.value, "tone": tone, "actors": actors, "genre": genre,
    }
    if learned and doc.codebook.path == str(DEFAULT_PATH):
        # the packaged model was trained on the packaged codebook's rule decisions; an edited codebook
        # changes those decisions, so its rules decide alone
        values, evidence = apply_layer(doc, values, evidence)
    return CodeResult({k: values[k] for k in VARIABLE_NAMES}, evidence)


def code_stream(title_stream: LemmaStream, text_stream: LemmaStream, codebook: Codebook | None = None,
                ner: bool = False) -> CodeResult:
    """Code already analysed streams (furniture should be stripped from the text before analysis)."""
    book = codebook or load_codebook()
    doc = Doc(_field("title", title_stream, book), _field("text", text_stream, book), book, text_stream.lang)
    add_regions(doc)
    return _code_doc(doc, ner)


def _slice(stream: LemmaStream, text: str, first: int, last: int, shift: int) -> LemmaStream:
    starts, ends = stream.starts[first:last], stream.ends[first:last]
    if shift:
        starts, ends = list(map(sub, starts, repeat(shift))), list(map(sub, ends, repeat(shift)))
    return LemmaStream(
        text=text, lang=stream.lang, words=stream.words[first:last], lemmas=stream.lemmas[first:last],
        starts=starts, ends=ends, numbers=stream.numbers[first:last],
    )


def _split_doc(title: str, text: str, lang: str, book: Codebook) -> Doc:
    """Analyse title and text as one stream (one pass, one region search that sees both), then split."""
    if not title:
        doc = Doc(_field("title", analyse("", lang), book), _field("text", analyse(text, lang), book), book, lang)
        add_regions(doc)
        return doc
    sep = "\n\n"
    offset = len(title) + len(sep)
    full = analyse(title + sep + text, lang)
    cut = bisect_left(full.starts, offset)
    t_stream = _slice(full, title, 0, cut, 0)
    x_stream = _slice(full, text, cut, len(full.starts), offset)
    doc = Doc(_field("title", t_stream, book), _field("text", x_stream, book), book, lang)
    for m in find_regions(full):
        if m.start < offset:
            doc.title.regions.append(m)
        else:
            doc.text.regions.append(replace(m, start=m.start - offset, end=m.end - offset))
    return doc


_CYR = re.compile("[а-яёіўїєґ]")
_LAT = re.compile("[a-z]")


def guess_language(text: str) -> str:
    """The letter-count fast path of `detect_language` (C-speed counts); lingua only where letters do not decide.

    Mixed pages (a Russian report quoting Belarusian, a Belarusian page with a Russian menu) are decided by
    which language's own letters dominate the sample, not by the first ones seen."""
    sample = text[:3000].lower()
    head = sample[:400]
    lat = len(_LAT.findall(head))
    latin = lat > 0 and lat > 2 * len(_CYR.findall(head))  # no Latin letter (most texts): no Cyrillic count needed
    if latin and len(_LAT.findall(sample)) > 2 * len(_CYR.findall(sample)):
        return "be" if lacinka_share(sample) else "en"
    return cyrillic_language(sample, lambda: detect_language(text))


def prepare_doc(text: str, title: str, codebook: Codebook, lang: str | None = None,
                source_country: str | None = None, meta: SourceMeta | None = None) -> Doc:
    """Furniture blanked, language decided, title and text analysed and matched: what every rule reads."""
    clean, _ = strip_furniture(text or "", codebook)
    title_clean = title or ""  # a headline is one line of its own: the furniture classifier works on bodies
    language = lang or guess_language(f"{title_clean}\n{clean}")
    if language not in ("ru", "be"):
        language = "ru"  # English goes through the Russian pipeline: its dictionary entries are Latin globs
    doc = _split_doc(title_clean, clean, language, codebook)
    info = meta or SourceMeta()
    country = source_country or info.country
    doc.source_country = country.upper() if country else None
    doc.meta = info
    return doc


def code_text(text: str, title: str = "", codebook: Codebook | None = None, lang: str | None = None,
              ner: bool = False, source_country: str | None = None, meta: SourceMeta | None = None,
              learned: bool = True) -> CodeResult:
    """Code one publication; evidence spans index into `title` or `text` as given.

    `source_country` (RU/BY of the outlet, from the source registry) lets a text that names only the
    other country count as a relation: a local paper does not name its own country. `meta` carries the
    rest of what the registry or a one-shot record knows (URL, outlet, level) for the genre rules.
    `learned=False` gives the rules' decisions alone (what the learned layer is trained on)."""
    book = codebook or load_codebook()
    doc = prepare_doc(text, title, book, lang, source_country, meta)
    return _code_doc(doc, ner, learned)


def code_doc_rules(doc: Doc) -> CodeResult:
    """The rules' decisions for a prepared document, without the learned layer (for training it)."""
    return _code_doc(doc, False, learned=False)


def headline_span(text: str, codebook: Codebook) -> tuple[int, int] | None:
    """The headline line of an untitled text, after the codebook's furniture rules (see `detect_title`)."""
    clean, _ = strip_furniture(text, codebook)
    return detect_title(clean)


def record_title_text(title: str, text: str, codebook: Codebook) -> tuple[str, str, tuple[int, int] | None]:
    """Title and text of a record; an untitled page saved as plain text heads itself: its headline line
    becomes the title and is blanked in the text, so text offsets stay those of the record and title
    offsets count from the returned span's start."""
    if title:
        return title, text, None
    span = headline_span(text, codebook)
    if span is None:
        return title, text, None
    a, b = span
    return text[a:b], text[:a] + " " * (b - a) + text[b:], span


def code_records(records: Iterable[dict[str, Any]], codebook: Codebook | None = None,
                 ner: bool = False, learned: bool = True) -> Iterator[dict[str, Any]]:
    """One output record per input {id, title?, text, lang?, country?, url?, source?, level?, date?};
    a bad record yields {id, error}, the batch goes on. `learned=False`: the rules alone (development)."""
    book = codebook or load_codebook()
    for n, rec in enumerate(records, 1):
        doc_id = rec.get("id", n)
        try:
            text = rec.get("text")
            if not isinstance(text, str):
                raise ValueError("нет поля text (строка)")
            meta = SourceMeta.from_record(rec)
            title, text, span = record_title_text(rec.get("title") or "", text, book)
            result = code_text(text, title, book, rec.get("lang") or rec.get("language"), ner=ner, meta=meta,
                               learned=learned)
            out = result.record(doc_id)
            if span is not None:
                out["title_span"] = list(span)
        except Exception as exc:  # one bad record must not stop the batch
            out = {"id": doc_id, "error": f"запись {doc_id}: {exc}"}
        yield out


def read_input(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records from a JSONL file of {id, title?, text}, or from a folder of .txt files (id = file stem)."""
    p = Path(path)
    if p.is_dir():
        for file in sorted(p.glob("*.txt")):
            yield {"id": file.stem, "title": "", "text": file.read_text(encoding="utf-8", errors="replace")}
        return
    with p.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"id": f"{p.name}:{line_no}", "text": None, "_error": f"{p}:{line_no}: неверный JSON: {exc.msg}"}
                continue
            if not isinstance(rec, dict):
                yield {"id": f"{p.name}:{line_no}", "text": None, "_error": f"{p}:{line_no}: ожидается объект JSON"}
                continue
            rec.setdefault("id", f"{p.name}:{line_no}")
            yield rec


def code_file(input_path: str | Path, output_path: str | Path, codebook: Codebook | None = None,
              ner: bool = False) -> tuple[int, int]:
    """One-shot mode behind `regionlens code INPUT --output codes.jsonl`; returns (coded, failed)."""
    book = codebook or load_codebook()
    coded = failed = 0
    out_path = Path(output_path)
    tmp = out_path.with_suffix(out_path.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        for rec in read_input(input_path):
            if "_error" in rec:
                result: dict[str, Any] = {"id": rec["id"], "error": rec["_error"]}
            else:
                result = next(code_records([rec], book, ner=ner))
            if "error" in result:
                failed += 1
            else:
                coded += 1
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    tmp.replace(out_path)
    return coded, failed
