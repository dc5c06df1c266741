"""Which YAML parser reads a file: libyaml's C parser for the data shipped inside the package, Python's for the rest.

The packaged codebook and gazetteer are large (thousands of patterns) and are read on every start of the
coder: with the pure-Python parser they took most of a one-shot `regionlens code` start-up. libyaml builds
the same nodes and values (same resolver and constructor, only the scanner and parser are C) about ten
times faster. Its composer, however, recurses in C without Python's recursion limit, so a hostile, deeply
nested file could crash the process instead of raising an error: files a user supplies (an edited codebook,
a registry) keep the pure-Python parser, whose limits the readers already turn into messages.

`file_stamp` is the one rule for how long a parsed data file (gazetteer, catalogue, the project's identity
hashes) may be reused: as long as its path, modification time and size are unchanged, so a long-running
server sees an in-place edit at its next read, at the cost of one `stat` per read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

PACKAGE_ROOT = Path(__file__).resolve().parent


def file_stamp(path: Path | str) -> tuple[str, int, int]:
    """(path, mtime in ns, size) of a file: the cache key of whatever was parsed from it.

    Raises OSError for a file that cannot be stat-ed (the reader then reports it as its own error).
    """
    name = str(path)
    stat = os.stat(name)
    return name, stat.st_mtime_ns, stat.st_size


def loader_for(path: Path | str) -> Any:
    """The YAML loader class for `path`: C for files inside the installed package (trusted), else pure Python."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.SafeLoader
    try:
        Path(path).resolve().relative_to(PACKAGE_ROOT)
    except (ValueError, OSError):
        return yaml.SafeLoader
    return fast
