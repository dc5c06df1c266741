"""Score the coder on the DEV split of the real set: the rules alone and the whole coder, per variable.

A development aid for rule work (never for the frozen TEST split, which it refuses): the whole coder's DEV
figure is in-sample for variables the learned layer decides (it was trained on DEV), so rule changes are
judged on the rules-alone column, and the learned layer by `scripts/train_learned.py`'s grouped CV.

    python scripts/dev_scores.py                      # alphas, rules alone and whole coder
    python scripts/dev_scores.py --show genre --rules # the rules' DEV disagreements on genre, with evidence
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_records
from regionlens.validation.real import coding_record, gold_record, load_real_set, usable
from regionlens.validation.validate import VARIABLE_NAMES, validate


def score(items: list[Any], learned: bool) -> Any:
    book = load_codebook()
    auto = list(code_records((coding_record(it) for it in items), book, learned=learned))
    return validate([gold_record(it) for it in items], auto, draws=200, codebook_version=book.version), auto


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, action="append", default=[])
    ap.add_argument("--texts", type=Path, default=Path("gold/real/texts"))
    ap.add_argument("--show", default="", help="a variable whose disagreements to print")
    ap.add_argument("--rules", action="store_true", help="with --show: the rules' disagreements (default: whole coder)")
    ap.add_argument("--json", type=Path, help="write both score tables here")
    args = ap.parse_args(argv)
    items, _ = load_real_set(args.real or [Path("gold/real")], args.texts)
    dev = usable(items, "dev")
    rules, rules_auto = score(dev, learned=False)
    whole, whole_auto = score(dev, learned=True)
    print(f"DEV n = {rules.n}")
    print(f"{'variable':14} {'rules':>7} {'whole':>7}")
    table = {}
    for var in VARIABLE_NAMES:
        r, w = rules.variables[var].alpha, whole.variables[var].alpha
        table[var] = {"rules": r, "whole": w}
        print(f"{var:14} {r:7.3f} {w:7.3f}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")
    if args.show:
        report = rules if args.rules else whole
        for d in report.disagreements:
            if d.variable == args.show:
                ev = "; ".join(f"{e.get('value')}:{e.get('rule')}:{e.get('text', '')[:60]}" for e in d.evidence[:4])
                print(f"{d.id}\tgold={d.gold}\tauto={d.auto}\t{ev}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
