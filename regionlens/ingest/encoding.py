"""Encoding detection for text-like files: cp1251 and koi8-r archives are still common."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

SAMPLE_BYTES = 256 * 1024
# Cyrillic-first candidates; the normaliser is restricted to them so that short Russian samples
# are not mistaken for some Central European code page.
CANDIDATES: tuple[str, ...] = ("utf_8", "cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic", "utf_16")


_ESCAPED = re.compile("[\udc80-\udcff]")


class UnknownEncoding(ValueError):
    """The bytes are not text in any candidate encoding."""


def _valid_utf8_prefix(sample: bytes, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def detect_bytes(sample: bytes, complete: bool = True) -> str:
    """Encoding name for `sample`; `complete=False` when it is only the head of a larger file."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample[:4096] and sample.count(b"\x00") > len(sample[:4096]) // 4:
        best = from_bytes(sample).best()  # probably UTF-16 without BOM, or binary
        if best is None or best.encoding not in ("utf_16_le", "utf_16_be", "utf_16"):
            raise UnknownEncoding("неизвестная кодировка")
        return best.encoding
    if _valid_utf8_prefix(sample, complete):
        return "utf-8"
    best = from_bytes(sample, cp_isolation=list(CANDIDATES[1:-1])).best()
    if best is None:
        raise UnknownEncoding("неизвестная кодировка")
    return best.encoding


def detect_file(path: Path) -> str:
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
        complete = not fh.read(1)
    if len(sample) == SAMPLE_BYTES and not complete:
        # do not cut a multi-byte character in the middle of the sample
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    return detect_bytes(sample, complete)


def decode_bytes(data: bytes) -> str:
    """Decode a whole small file; raises UnknownEncoding if no candidate fits."""
    encoding = detect_bytes(data)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnknownEncoding("неизвестная кодировка") from exc


def _legacy(chunks: list[bytes]) -> str:
    """The 8-bit Cyrillic code page that best explains the lines that are not UTF-8."""
    best = from_bytes(b"\n".join(chunks), cp_isolation=list(CANDIDATES[1:-1])).best()
    return best.encoding if best is not None else "cp1251"


def repair_mixed(text: str) -> str:
    """Re-decode the parts of a UTF-8 text that were undecodable (kept as surrogate escapes by
    errors="surrogateescape") in the legacy code page they are most probably in.

    Archives glued together from several exports mix UTF-8 with cp1251 or koi8-r lines; decoding
    each run of bad bytes separately keeps every line instead of dropping the rest of the file."""
    if not _ESCAPED.search(text):
        return text
    lines = text.split("\n")
    raw = {i: line.encode("utf-8", "surrogateescape") for i, line in enumerate(lines) if _ESCAPED.search(line)}
    encoding = _legacy(list(raw.values()))
    for i, data in raw.items():
        lines[i] = data.decode(encoding, "replace")
    return "\n".join(lines)


def repair_lines(lines: Iterable[str], original: str = "utf-8") -> Iterator[str]:
    """Streaming `repair_mixed` for a file opened with errors="surrogateescape": the legacy code page
    is guessed once, on the first undecodable line, and used for the rest of the file."""
    legacy: str | None = None
    for line in lines:
        if _ESCAPED.search(line):
            data = line.encode(original, "surrogateescape")
            if legacy is None:
                legacy = _legacy([data]) if original.replace("_", "-").startswith("utf-8") else original
            line = data.decode(legacy, "replace")
        yield line


def decode_mixed(data: bytes) -> str:
    """Decode a whole file that may mix UTF-8 lines with legacy code-page lines; raises UnknownEncoding
    when the lines that are not UTF-8 are not text in any Cyrillic code page either (binary data).

    A real cp1251/koi8-r Cyrillic line is practically never valid UTF-8, so deciding line by line
    gives the same result as decoding a pure legacy file whole."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        return decode_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _valid_utf8_prefix(line, True)]
    best = from_bytes(b"\n".join(lines[i] for i in bad), cp_isolation=list(CANDIDATES[1:-1])).best()
    if best is None:
        raise UnknownEncoding("неизвестная кодировка")
    out = [line.decode("utf-8", "replace") for line in lines]
    for i in bad:
        out[i] = lines[i].decode(best.encoding, "replace")
    return "\n".join(out)
