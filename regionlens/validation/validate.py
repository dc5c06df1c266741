"""Validation of automatic codes against gold (manual) codes: alpha per variable, F1, disagreements.

`validate` compares two lists of records matched by `id`; when no automatic
codes are given, `validate_gold_file` codes the gold texts with the
codebook, so `regionlens validate --gold GOLD.jsonl` measures the coder as
shipped. Every disagreement keeps the automatic evidence for that variable,
so a researcher sees at once which pattern produced the wrong code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regionlens.coding.codebook import VARIABLE_NAMES, Codebook, load_codebook
from regionlens.validation.reliability import (
    VariableReliability,
    bootstrap_matrix,
    multilabel_reliability,
    scalar_reliability,
)

MULTI = ("regions", "topics", "actors")
LEVELS = {"tone": "ordinal"}
# Acceptance targets of the default codebook (issue 3).
TARGETS = {"union": 0.80, "interregional": 0.80, "regions": 0.80, "topics": 0.70, "actors": 0.70,
           "substantive": 0.70, "problem": 0.70, "tone": 0.60, "genre": 0.60}


class ValidationError(ValueError):
    pass


@dataclass(slots=True)
class Disagreement:
    id: Any
    variable: str
    gold: Any
    auto: Any
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ValidationReport:
    n: int
    variables: dict[str, VariableReliability]
    disagreements: list[Disagreement]
    missing_auto: list[Any] = field(default_factory=list)
    codebook_version: str = ""

    def meets_targets(self, targets: dict[str, float] | None = None) -> dict[str, bool]:
        t = targets or TARGETS
        return {v: (not math.isnan(r.alpha)) and r.alpha >= t.get(v, 0.0) for v, r in self.variables.items()}


def _value(rec: dict[str, Any], var: str) -> Any:
    v = rec.get(var)
    if var in MULTI:
        return sorted(v) if isinstance(v, list) else None
    return v


def validate(gold: list[dict[str, Any]], auto: list[dict[str, Any]], *, draws: int = 1000, seed: int = 20220101,
             codebook_version: str = "") -> ValidationReport:
    """Compare gold and automatic records by id (records without an automatic code are listed, not scored)."""
    by_id = {r["id"]: r for r in auto if "id" in r and "error" not in r}
    ids = [r["id"] for r in gold if r.get("id") in by_id]
    missing = [r.get("id") for r in gold if r.get("id") not in by_id]
    gold_by = {r["id"]: r for r in gold}
    weights = bootstrap_matrix(len(ids), draws, seed)
    results: dict[str, VariableReliability] = {}
    disagreements: list[Disagreement] = []
    for var in VARIABLE_NAMES:
        g = [_value(gold_by[i], var) for i in ids]
        a = [_value(by_id[i], var) for i in ids]
        if var in MULTI:
            results[var] = multilabel_reliability(var, g, a, weights)
        else:
            results[var] = scalar_reliability(var, g, a, LEVELS.get(var, "nominal"), weights)
        for i, gv, av in zip(ids, g, a, strict=True):
            if gv is not None and av is not None and gv != av:
                ev = [e for e in by_id[i].get("evidence", []) if e.get("variable") == var]
                disagreements.append(Disagreement(i, var, gv, av, ev))
    return ValidationReport(len(ids), results, disagreements, missing, codebook_version)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError(f"{path}:{n}: неверный JSON: {exc.msg}") from exc
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValidationError(f"{path}:{n}: ожидается объект JSON с полем id")
            out.append(rec)
    return out


def validate_gold_file(gold_path: str | Path | list[str | Path], auto_path: str | Path | None = None,
                       codebook: Codebook | None = None, *, draws: int = 1000) -> ValidationReport:
    """Validate against one or several gold files; without `auto_path` the gold texts are coded now."""
    paths = gold_path if isinstance(gold_path, list) else [gold_path]
    gold = [r for p in paths for r in read_jsonl(p)]
    book = codebook or load_codebook()
    if auto_path is not None:
        auto = read_jsonl(auto_path)
    else:
        from regionlens.coding.coder import code_records

        auto = list(code_records(({"id": r["id"], "title": r.get("title", ""), "text": r.get("text", ""),
                                   "lang": (r.get("meta") or {}).get("language"),
                                   "country": (r.get("meta") or {}).get("country")} for r in gold), book))
    return validate(gold, auto, draws=draws, codebook_version=book.version)


# ---------------------------------------------------------------- output

TEXTS = {
    "ru": {"title": "Надёжность автоматического кодирования", "var": "переменная", "alpha": "α Криппендорфа",
           "ci": "95% ДИ", "n": "n", "agree": "совпадение", "f1": "micro-F1", "target": "цель",
           "dis": "Расхождения", "gold": "эталон", "auto": "авто", "ev": "основания", "none": "нет",
           "missing": "нет автоматических кодов для", "labels": "метки (P / R / F1 / α)"},
    "en": {"title": "Reliability of automatic coding", "var": "variable", "alpha": "Krippendorff's α",
           "ci": "95% CI", "n": "n", "agree": "agreement", "f1": "micro-F1", "target": "target",
           "dis": "Disagreements", "gold": "gold", "auto": "auto", "ev": "evidence", "none": "none",
           "missing": "no automatic codes for", "labels": "labels (P / R / F1 / α)"},
}


def _f(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def format_report(report: ValidationReport, lang: str = "ru", max_disagreements: int = 50,
                  targets: dict[str, float] | None = None) -> str:
    """Console text (Rich markup) with the table per variable and the first disagreements."""
    t = TEXTS.get(lang, TEXTS["ru"])
    goal = targets or TARGETS
    lines = [f"[bold]{t['title']}[/bold] (n = {report.n})", ""]
    lines.append(f"{t['var']:<14} {t['alpha']:>16} {t['ci']:>17} {t['agree']:>11} {t['f1']:>9} {t['target']:>6}")
    met = report.meets_targets(goal)
    for var, r in report.variables.items():
        mark = "[green]✓[/green]" if met.get(var) else "[red]✗[/red]"
        lines.append(
            f"{var:<14} {_f(r.alpha):>16} {('[' + _f(r.ci_low) + '; ' + _f(r.ci_high) + ']'):>17} {_f(r.agreement):>11} "
            f"{_f(r.micro_f1):>9} {goal.get(var, 0):>5.2f} {mark}"
        )
    for var, r in report.variables.items():
        if r.labels:
            parts = [f"{s.label} {_f(s.precision)}/{_f(s.recall)}/{_f(s.f1)}/{_f(s.alpha)}" for s in r.labels]
            lines.append(f"{var} {t['labels']}: " + "; ".join(parts))
    if report.missing_auto:
        lines.append(f"{t['missing']}: {', '.join(map(str, report.missing_auto))}")
    lines += ["", f"[bold]{t['dis']}[/bold] ({len(report.disagreements)})"]
    for d in report.disagreements[:max_disagreements]:
        ev = "; ".join(f"«{e.get('surface', '')}» {e.get('rule', '')}" for e in d.evidence[:4]) or t["none"]
        lines.append(f"{d.id} {d.variable}: {t['gold']}={d.gold} {t['auto']}={d.auto} — {t['ev']}: {ev}")
    return "\n".join(lines)


def report_to_json(report: ValidationReport) -> dict[str, Any]:
    def clean(x: Any) -> Any:
        return None if isinstance(x, float) and math.isnan(x) else x

    out: dict[str, Any] = {"n": report.n, "codebook_version": report.codebook_version, "variables": {},
                           "targets_met": report.meets_targets(), "missing_auto": report.missing_auto}
    for var, r in report.variables.items():
        out["variables"][var] = {
            "level": r.level, "n": r.n, "alpha": clean(r.alpha), "ci": [clean(r.ci_low), clean(r.ci_high)],
            "agreement": clean(r.agreement), "micro_f1": clean(r.micro_f1), "pooled_alpha": clean(r.pooled_alpha),
            "set_agreement": clean(r.set_agreement), "mean_jaccard": clean(r.mean_jaccard),
            "labels": [{"label": s.label, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": clean(s.precision),
                        "recall": clean(s.recall), "f1": clean(s.f1), "alpha": clean(s.alpha)} for s in r.labels],
        }
    out["disagreements"] = [{"id": d.id, "variable": d.variable, "gold": d.gold, "auto": d.auto, "evidence": d.evidence}
                            for d in report.disagreements]
    return out
