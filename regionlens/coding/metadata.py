"""What the coder may know about a publication besides its text: URL, outlet, level, country, date.

Project mode has the source registry; one-shot mode (`regionlens code FILE.jsonl`) gets the same facts from
optional record fields (`url`, `source`, `level`, `country`, `date`). Both pass them here, so one place
decides what they mean for coding:

- the outlet's country is the implicit side of a relation (a local paper does not name its own country);
- an official channel — a registry level `official`, a government domain (gov.by, gov.ru and their
  sub-domains, kremlin.ru, government.ru …), an authority's site (administration, executive committee,
  parliament), an embassy or consulate, or a university — publishes in its own voice: its texts are
  OFFICIAL unless their form says INTERVIEW or ANALYSIS (CODEBOOK: texts from official channels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# Domain suffixes of government sites (national and regional) of both countries.
GOV_SUFFIXES = (".gov.by", ".gov.ru", "kremlin.ru", "government.ru", "duma.gov.ru", "council.gov.ru", "mid.ru",
                "mfa.gov.by", "president.gov.by", "sovrep.gov.by", "house.gov.by", "postkomsg.com", "посткомсг.рф", "mos.ru",
                "gov.spb.ru", "mosreg.ru")
# Labels of a host name that name an authority's own site (admin-smolensk.ru, bryanskobl.ru, oblispolkom …).
AUTHORITY_LABEL = re.compile(
    r"(?:^|[.-])(?:admin|adm|administraci[ay]|gov|govern\w*|pravitelstvo|obladm|oblispolkom|ispolkom|gorispolkom|"
    r"rayispolkom|raiispolkom|oblsovet|gorsovet|zaksobr\w*|sobranie|oblduma|duma|zsro|mvd|mchs|customs|gpk|"
    r"админ\w*|администрац\w*|правительств\w*|губернатор\w*|дума|мвд|мчс)(?:[.-]|$)"
)
REGION_GOV = re.compile(r"(?:^|\.)[a-z]+-?(?:region|obl|oblast|rayon|raion|city)\.(?:gov\.)?(?:by|ru)$")
EMBASSY_LABEL = re.compile(r"(?:^|[.-])(?:embassy|embassies|belembassy|rusembassy|posolstvo|consulate|consul|russia\.by)")
UNIVERSITY_LABEL = re.compile(
    r"(?:^|[.-])(?:edu|univer\w*|university|universitet|academy|akademi\w*|institut\w*|bsu|bsmu|bntu|bseu|bsuir|"
    r"gsu|vsu|msu|spbu|hse|mgimo|rudn|grsu|psu|brsu|bru|bsac|vsmu|gsmu|bsuc|bstu|smolgu|brgu|pskgu|ranepa|"
    r"kpfu|urfu|nsu|tsu|kfu|sfu|dvfu|narfu)(?:[.-]|$)"
)

# Sections of a site that hold commentary and analysis rather than news: a path segment of the URL, perhaps with a
# language suffix («/opinion/», «/interview-ru/»), followed by more path — not an article slug that starts with the word
# («/news/experts-met-in-minsk» is a news item about experts).
ANALYSIS_PATH = re.compile(r"/(?:opinion|opinions|analytics|analitika|analytic|analysis|column|columns|kolonka|kolonki|"
                           r"blog|blogs|mnenie|mneniya|mneniye|views|commentary|expert|experts|ekspert|eksperty|columnists|avtorskaya)"
                           r"(?:[-_](?:ru|be|by|en))?(?:/|$)",
                           re.IGNORECASE)
# An interview section («/interview/», «/intervyu/», «/interview-ru/»): the site files the text as an interview.
INTERVIEW_PATH = re.compile(r"/(?:interview|interviews|intervyu|intervju|interviu|intervyuy|interv['ʹ]?ju|intervu)"
                            r"(?:[-_](?:ru|be|by|en))?(?:/|$)", re.IGNORECASE)
# A page address whose slug is a greeting or an address («/uvazhaemye-zhiteli-…», «/pozdravlenie-…», «/zvarot-…»):
# the slug is the headline, and a headline that greets or addresses the readers names an official text.
GREETING_SLUG = re.compile(r"(?:^|[/_-])(?:uvazhaem\w*|dorogie|dorogiye|pozdravleni\w*|obrashcheni\w*|obrashheni\w*|"
                           r"obrashenie|privetstvi\w*|vinshavann\w*|zvarot|pavazhan\w*|congratulat\w*|greeting\w*)(?:[/_.-]|$)",
                           re.IGNORECASE)
# An embassy's own section on a host site («/posolstvo-rossii-v-belorussii/view/…»): the embassy's voice. More path
# must follow: «/world/posolstvo-zayavilo/» is an article slug about an embassy.
EMBASSY_SECTION = re.compile(r"/(?:posolstvo|posolstva|embassy|pasolstva)[-_a-z]*/[^/]+", re.IGNORECASE)
CHANNELS = ("official", "embassy", "university")
OFFICIAL_LEVELS = ("official", "union_body", "authority")


def _unicode_host(host: str) -> str:
    """A punycode host in its own letters («xn--c1anggbdpdf.xn--p1ai» → «посткомсг.рф»): Cyrillic domains of
    authorities are matched by the same labels as Latin ones."""
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Registry facts about the outlet of one publication; every field may be unknown (None)."""

    url: str | None = None
    source: str | None = None
    level: str | None = None
    country: str | None = None
    date: str | None = None

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> SourceMeta:
        """The fields a one-shot JSONL record may carry (`country` or `source_country`, `level` or `source_level`)."""

        def text(*keys: str) -> str | None:
            for k in keys:
                v = rec.get(k)
                if isinstance(v, str) and v.strip():
                    return v.strip()
            return None

        country = text("country", "source_country")
        return cls(url=text("url", "link"), source=text("source", "outlet"), level=text("level", "source_level"),
                   country=country.upper() if country else None, date=text("date", "published_at"))

    @property
    def host(self) -> str:
        """Lower-case host of the URL (or of a source given as a domain), without «www.»."""
        for candidate in (self.url, self.source):
            if not candidate:
                continue
            raw = candidate if "//" in candidate else "//" + candidate
            try:
                host = urlsplit(raw).hostname or ""
            except ValueError:
                host = ""
            if "." in host:
                return _unicode_host(host).removeprefix("www.")
        return ""

    @lru_cache(maxsize=256)  # noqa: B019 - asked by genre and the learned layer per text; frozen, hashable, small
    def url_genre(self) -> str | None:
        """'ANALYSIS' when the URL puts the text in an opinion or analysis section of its site, 'INTERVIEW'
        in an interview section; None otherwise (a section is a hint the rules weigh with the page's form)."""
        path = self._path()
        if INTERVIEW_PATH.search(path):
            return "INTERVIEW"
        return "ANALYSIS" if ANALYSIS_PATH.search(path) else None

    def _path(self) -> str:
        """The path of the URL ('' when there is none or it does not parse)."""
        if not self.url:
            return ""
        try:
            return urlsplit(self.url if "//" in self.url else "//" + self.url).path
        except ValueError:
            return ""

    def url_form(self) -> str | None:
        """'OFFICIAL' when the page address is a greeting or an address to the readers (see GREETING_SLUG)."""
        return "OFFICIAL" if GREETING_SLUG.search(self._path()) else None

    @lru_cache(maxsize=256)  # noqa: B019 - asked by genre and the learned layer per text; frozen, hashable, small
    def channel(self) -> str | None:
        """'official', 'embassy' or 'university' when the outlet publishes in an institution's own voice."""
        if (self.level or "").lower() in OFFICIAL_LEVELS:
            return "official"
        host = self.host
        if not host:
            return None
        if EMBASSY_LABEL.search(host) or EMBASSY_SECTION.search(self._path()):
            return "embassy"
        if host.endswith(GOV_SUFFIXES) or host in {s.lstrip(".") for s in GOV_SUFFIXES} or REGION_GOV.search(host) \
                or AUTHORITY_LABEL.search(host.rsplit(".", 1)[0]):
            return "official"
        if UNIVERSITY_LABEL.search(host.rsplit(".", 1)[0]) or ".edu." in f".{host}.":
            return "university"
        return None
