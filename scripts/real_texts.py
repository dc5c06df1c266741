"""Check a folder of real texts against items.jsonl: lengths, SHA-256, what is missing.

    python scripts/real_texts.py gold/real --texts gold/real/texts

The texts of real publications are other people's words and are never committed; this script tells
whether the local copy matches what the items record (so alpha figures are computed on the same texts),
and lists the items whose text is missing or differs. Exit status 1 when anything is missing or differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regionlens.validation.real import check_texts, load_items, split_of
from regionlens.validation.validate import ValidationError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Check real texts against items.jsonl")
    ap.add_argument("real", type=Path, nargs="+", help="folder(s) with items*.jsonl, or items files")
    ap.add_argument("--texts", type=Path, required=True, help="folder of <id>.txt files")
    args = ap.parse_args(argv)
    if not args.texts.is_dir():
        print(f"{args.texts}: folder not found", file=sys.stderr)
        return 2
    try:
        items = load_items(args.real)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    check = check_texts(items, args.texts)
    dev = sum(1 for rid in check.ok if split_of(items[rid].story) == "dev")
    print(f"items: {len(items)}; texts that match: {len(check.ok)} (DEV {dev}, TEST {len(check.ok) - dev})")
    for rid in check.missing:
        print(f"missing: {rid} ({items[rid].meta.get('url', '')})")
    for rid, want, got in check.wrong_length:
        print(f"length differs: {rid}: items.jsonl says {want} characters, the file has {got}")
    for rid in check.wrong_hash:
        print(f"SHA-256 differs: {rid}")
    for stem in check.extra:
        print(f"not in items.jsonl: {stem}.txt")
    return 1 if check.missing or check.wrong_length or check.wrong_hash else 0


if __name__ == "__main__":
    raise SystemExit(main())
