"""Rates measured on a generated demo corpus: the numbers the planted effects promise."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml


def load(out_dir: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    corpus = [json.loads(line) for line in (out_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    truth = {}
    for line in (out_dir / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        truth[row["id"]] = row
    sources = {s["name"]: s for s in yaml.safe_load((out_dir / "sources.yaml").read_text(encoding="utf-8"))["sources"]}
    return corpus, truth, sources


def _share(rows: list[dict[str, Any]], key: str) -> float:
    return sum(r[key] for r in rows) / max(1, len(rows))


def rates(out_dir: Path) -> dict[str, Any]:
    corpus, truth, sources = load(out_dir)
    src = {d["id"]: sources[d["source"]] for d in corpus}
    union = [truth[d["id"]] for d in corpus if truth[d["id"]]["union"]]
    out: dict[str, Any] = {}
    out["substantive"] = {lvl: _share([t for t in union if src[t["id"]]["level"] == lvl], "substantive")
                          for lvl in ("federal", "union", "regional", "local")}
    out["substantive"]["subnational"] = _share(
        [t for t in union if src[t["id"]]["level"] in ("regional", "local")], "substantive")
    out["problem"] = {c: _share([t for t in union if src[t["id"]]["country"] == c], "problem")
                      for c in ("RU", "BY", "union")}
    regional = [truth[d["id"]] for d in corpus if src[d["id"]]["level"] in ("regional", "local")]
    out["reprint_share"] = sum(t["reprint_of"] is not None for t in regional) / len(regional)
    pairs = {}
    for a, b in (("RU-SMO", "BY-VI"), ("BY-HO", "RU-BRY"), ("BY-VI", "RU-PSK")):
        about = [t for t in truth.values() if a in t["regions"] and b in t["regions"]]
        own = Counter(src[t["id"]]["region_code"] for t in about
                      if src[t["id"]]["level"] in ("regional", "local"))
        pairs[f"{a}/{b}"] = {"first": own[a], "second": own[b],
                             "ratio": own[a] / max(1, own[b]),
                             "own_share": (own[a] + own[b]) / max(1, len(about))}
    out["pairs"] = pairs
    months = Counter(d["published_at"][:7] for d in corpus if truth[d["id"]]["union"])
    forum_months = [m for m in months if m.endswith("-06")]
    mean = sum(months.values()) / len(months)
    out["forum_peak"] = sum(months[m] for m in forum_months) / len(forum_months) / mean
    out["forum_mentions_in_peak"] = sum(
        1 for d in corpus if d["published_at"][5:7] == "06" and "Форум" in d["text"] + d["title"]
    ) / max(1, sum(months[m] for m in forum_months))
    emph: dict[str, dict[str, float]] = {}
    for c in ("RU", "BY"):
        rows = [t for t in union if src[t["id"]]["country"] == c]
        emph[c] = {
            "ECON/IND": sum(bool({"ECON", "IND"} & set(t["topics"])) for t in rows) / len(rows),
            "POL/CULT": sum(bool({"POL", "CULT"} & set(t["topics"])) for t in rows) / len(rows),
        }
    out["topics"] = emph
    out["union_share"] = len(union) / len(corpus)
    return out
