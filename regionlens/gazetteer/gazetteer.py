"""The region gazetteer: Russian federal subjects, Belarusian oblasts and Minsk city as versioned data.

The gazetteer is a YAML file (``data/regions.yaml``) rather than code so that
researchers can correct a spelling or add a colloquial form without touching
the matcher, and so that other country pairs can ship their own file. Because
people edit it by hand, it is validated on load against the YAML node tree
(``yaml.compose``), so every error names the file and the line of the offending
node instead of a Python traceback deep in the matcher.

Codes are ISO 3166-2 where ISO defines one (RU-SMO, BY-HM) and a stable
``RU-<EnglishName>`` otherwise (RU-Crimea, RU-Donetsk ...), as the codebook
requires. Russian and Belarusian spellings are stored with «е» for «ё» because
the text layer folds ё→е in lemmas; the loader rejects «ё» so that a stray one
cannot silently stop a pattern from matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regionlens.packaged_yaml import file_stamp, loader_for

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "regions.yaml"

COUNTRIES = ("RU", "BY")
TYPES = ("oblast", "krai", "republic", "city", "autonomous okrug", "autonomous oblast")
FEDERAL_DISTRICTS = (
    "Центральный", "Северо-Западный", "Южный", "Северо-Кавказский",
    "Приволжский", "Уральский", "Сибирский", "Дальневосточный",
)
NAME_LANGS = ("ru", "be", "en")
FORM_LANGS = ("ru", "be")
CODE_RE = re.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")
REQUIRED = ("code", "country", "type", "names", "capital", "border", "neighbours")
OPTIONAL = ("colloquial", "adjectives", "towns", "ambiguous", "federal_district")


class GazetteerError(ValueError):
    """Raised with every problem found in a gazetteer file, each as «file:line: message»."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Region:
    """One sub-national unit with every form the matcher may look for."""

    code: str
    country: str
    type: str
    names: dict[str, tuple[str, ...]]
    capital: dict[str, str]
    colloquial: dict[str, tuple[str, ...]] = field(default_factory=dict)
    adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    towns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ambiguous: tuple[str, ...] = ()
    federal_district: str | None = None
    border: bool = False
    neighbours: tuple[str, ...] = ()
    line: int = 0

    @property
    def name_ru(self) -> str:
        return self.names["ru"][0]

    @property
    def name_en(self) -> str:
        en = self.names.get("en") or self.names["ru"]
        return en[0]

    @property
    def is_city(self) -> bool:
        """A city that is itself a region (Moscow, Saint Petersburg, Sevastopol, Minsk)."""
        return self.type == "city"


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """All regions of one gazetteer file; compared and hashed by identity (it is loaded once and cached)."""

    version: str
    path: Path
    regions: tuple[Region, ...]
    _by_code: dict[str, Region] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {r.code: r for r in self.regions})

    def get(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Region:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def codes(self) -> list[str]:
        return [r.code for r in self.regions]

    def by_country(self, country: str) -> list[Region]:
        return [r for r in self.regions if r.country == country]

    def border_codes(self) -> set[str]:
        return {r.code for r in self.regions if r.border}


# ---------------------------------------------------------------- validation over YAML nodes


class _Checker:
    """Collects problems with their line numbers while reading the node tree."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def fail(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.path}:{line}: {message}")

    def mapping(self, node: Node, what: str) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what}: ожидался словарь (ключ: значение)")
            return None
        out: dict[str, Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in out:
                self.fail(key, f"{what}: ключ «{name}» повторяется")
            out[name] = value
        return out

    def string(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
            self.fail(node, f"{what}: ожидалась строка")
            return None
        text = str(node.value).strip()
        if not text and not allow_empty:
            self.fail(node, f"{what}: пустое значение")
            return None
        if "ё" in text or "Ё" in text:
            self.fail(node, f"{what}: «{text}» содержит «ё» — в справочнике пишется «е»")
        return text

    def strings(self, node: Node, what: str) -> tuple[str, ...] | None:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what}: ожидался список")
            return None
        out: list[str] = []
        for item in node.value:
            text = self.string(item, what)
            if text is not None:
                out.append(text)
        return tuple(out)

    def boolean(self, node: Node, what: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.fail(node, f"{what}: ожидалось true или false")
            return None
        return str(node.value).lower() in ("true", "yes", "on")

    def forms(self, node: Node, what: str, langs: Iterable[str]) -> dict[str, tuple[str, ...]]:
        mapping = self.mapping(node, what)
        if mapping is None:
            return {}
        allowed = tuple(langs)
        out: dict[str, tuple[str, ...]] = {}
        for lang, value in mapping.items():
            if lang not in allowed:
                self.fail(value, f"{what}: неизвестный язык «{lang}»; допустимы: {', '.join(allowed)}")
                continue
            items = self.strings(value, f"{what}.{lang}")
            if items is not None:
                out[lang] = items
        return out


def _read_region(node: Node, check: _Checker) -> Region | None:
    fields = check.mapping(node, "регион")
    if fields is None:
        return None
    before = len(check.problems)
    raw_code = fields.get("code")
    early = f"регион {raw_code.value}" if isinstance(raw_code, ScalarNode) and raw_code.value else "регион"
    for key in REQUIRED:
        if key not in fields:
            check.fail(node, f"{early}: нет обязательного поля «{key}»")
    for key, value in fields.items():
        if key not in REQUIRED and key not in OPTIONAL:
            check.fail(value, f"{early}: неизвестное поле «{key}»; допустимы: {', '.join(REQUIRED + OPTIONAL)}")
    if len(check.problems) > before and any(k not in fields for k in REQUIRED):
        return None
    code = check.string(fields["code"], "code") or ""
    label = f"регион {code}" if code else "регион"
    if code and not CODE_RE.match(code):
        check.fail(fields["code"], f"{label}: код должен иметь вид RU-XXX или BY-XX (ISO 3166-2 или RU-<EnglishName>)")
    country = check.string(fields["country"], f"{label}: country") or ""
    if country and country not in COUNTRIES:
        check.fail(fields["country"], f"{label}: страна «{country}» неизвестна; допустимы: {', '.join(COUNTRIES)}")
    elif country and code and not code.startswith(country + "-"):
        check.fail(fields["code"], f"{label}: код не соответствует стране {country}")
    kind = check.string(fields["type"], f"{label}: type") or ""
    if kind and kind not in TYPES:
        check.fail(fields["type"], f"{label}: тип «{kind}» неизвестен; допустимы: {', '.join(TYPES)}")
    names = check.forms(fields["names"], f"{label}: names", NAME_LANGS)
    if not names.get("ru"):
        check.fail(fields["names"], f"{label}: нужно хотя бы одно русское название (names.ru)")
    capital: dict[str, str] = {}
    cap_fields = check.mapping(fields["capital"], f"{label}: capital")
    for lang, value in (cap_fields or {}).items():
        if lang not in NAME_LANGS:
            check.fail(value, f"{label}: capital: неизвестный язык «{lang}»")
            continue
        text = check.string(value, f"{label}: capital.{lang}")
        if text:
            capital[lang] = text
    if cap_fields is not None and "ru" not in capital:
        check.fail(fields["capital"], f"{label}: нет русского названия центра (capital.ru)")
    optional_forms = {
        key: check.forms(fields[key], f"{label}: {key}", FORM_LANGS) if key in fields else {}
        for key in ("colloquial", "adjectives", "towns")
    }
    ambiguous = check.strings(fields["ambiguous"], f"{label}: ambiguous") if "ambiguous" in fields else ()
    district: str | None = None
    if "federal_district" in fields:
        district = check.string(fields["federal_district"], f"{label}: federal_district")
        if district and district not in FEDERAL_DISTRICTS:
            check.fail(fields["federal_district"], f"{label}: федеральный округ «{district}» неизвестен; допустимы: {', '.join(FEDERAL_DISTRICTS)}")
        if country == "BY":
            check.fail(fields["federal_district"], f"{label}: у белорусских регионов нет федерального округа")
    elif country == "RU":
        check.fail(node, f"{label}: для российского региона нужен federal_district")
    border = check.boolean(fields["border"], f"{label}: border")
    neighbours = check.strings(fields["neighbours"], f"{label}: neighbours")
    if len(check.problems) > before:
        return None
    return Region(
        code=code, country=country, type=kind, names=names, capital=capital,
        colloquial=optional_forms["colloquial"], adjectives=optional_forms["adjectives"],
        towns=optional_forms["towns"], ambiguous=ambiguous or (), federal_district=district,
        border=bool(border), neighbours=neighbours or (), line=node.start_mark.line + 1,
    )


def parse_gazetteer(text: str, path: Path) -> Gazetteer:
    """Validate and build a gazetteer from YAML text; `path` is only used in messages."""
    check = _Checker(path)
    try:
        root = yaml.compose(text, Loader=loader_for(path))  # libyaml for the packaged gazetteer
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise GazetteerError([f"{path}:{line}: ошибка синтаксиса YAML: {exc.problem or exc}"]) from exc
    if root is None:
        raise GazetteerError([f"{path}:1: файл справочника пуст"])
    top = check.mapping(root, "справочник")
    if top is None:
        raise GazetteerError(check.problems)
    version = ""
    if "version" not in top:
        check.fail(root, "справочник: нет поля version")
    else:
        version = check.string(top["version"], "version") or ""
    regions: list[Region] = []
    region_nodes: dict[str, Node] = {}
    if "regions" not in top:
        check.fail(root, "справочник: нет списка regions")
    elif not isinstance(top["regions"], SequenceNode):
        check.fail(top["regions"], "regions: ожидался список регионов")
    else:
        for item in top["regions"].value:
            region = _read_region(item, check)
            if region is None:
                continue
            if region.code in region_nodes:
                prev = region_nodes[region.code].start_mark.line + 1
                check.fail(item, f"регион {region.code}: код уже использован в строке {prev}")
                continue
            region_nodes[region.code] = item
            regions.append(region)
    for region in regions:
        for code in region.neighbours:
            if code == region.code:
                check.fail(region_nodes[region.code], f"регион {region.code}: регион указан соседом самого себя")
            elif code not in region_nodes:
                check.fail(region_nodes[region.code], f"регион {region.code}: сосед {code} отсутствует в справочнике")
    if check.problems:
        raise GazetteerError(check.problems)
    return Gazetteer(version=version, path=path, regions=tuple(regions))


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int, _size: int) -> Gazetteer:
    """Parsed once per version of the file: the modification time and size are part of the key."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError([f"{file}:1: не удалось прочитать справочник регионов: {exc}"]) from exc
    return parse_gazetteer(text, file)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: the packaged one), parsed again only when the file changed.

    A server that runs for weeks sees an in-place edit of regions.yaml at its
    next call (one `stat` per call; see `packaged_yaml.file_stamp`); the same
    object is returned while the file is unchanged, so matchers compiled for it stay cached.
    """
    file = path if path is not None else DEFAULT_PATH
    try:
        return _load(*file_stamp(file))
    except OSError as exc:
        raise GazetteerError([f"{file}:1: не удалось прочитать справочник регионов: {exc}"]) from exc


def get_region(code: str) -> Region | None:
    return load_gazetteer().get(code)


def border_codes() -> set[str]:
    """Codes of the regions on the Russia–Belarus border (the «border» flag in the gazetteer)."""
    return load_gazetteer().border_codes()


def is_valid_code(code: str) -> bool:
    """True for a region code the default gazetteer defines (what source records may use)."""
    return isinstance(code, str) and code.strip() in load_gazetteer()
