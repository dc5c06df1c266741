"""Zip-bomb guard for the ZIP-based formats (.docx, .xlsx) before a library inflates them."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # real office files compress 5-20x; XML of huge sheets up to ~100x


def check_zip(path: Path, max_uncompressed: int = MAX_UNCOMPRESSED) -> str | None:
    """Return a Russian reason if the archive is broken or suspicious, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"файл повреждён или не является документом Office (ZIP): {exc}"
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > max_uncompressed:
        return f"подозрительный архив: после распаковки {total // (1024 * 1024)} МБ (предел {max_uncompressed // (1024 * 1024)} МБ)"
    if total > 10 * 1024 * 1024 and total > MAX_RATIO * max(packed, 1):
        return f"подозрительный архив: степень сжатия {total // max(packed, 1)}:1"
    return None
