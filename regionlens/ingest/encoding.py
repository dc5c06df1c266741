"""Encoding detection for text-like files: cp1251 and koi8-r archives are still common."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

SAMPLE_BYTES = 256 * 1024
# Cyrillic-first candidates; the normaliser is restricted to them so that short Russian samples
# are not mistaken for some Central European code page.
CANDIDATES: tuple[str, ...] = ("utf_8", "cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic", "utf_16")


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
