"""Synthetic analysis frames with planted (or no) effects, for the analysis tests and timing.

Kept out of conftest so tests import it by a unique module name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from regionlens.analysis.frame import ACTORS, BORDER_REGIONS, TOPICS

OUTLETS = [
    # name, level, country, region, output
    ("Fed RU 1", "federal", "RU", None, 3000.0), ("Fed RU 2", "federal", "RU", None, 1500.0),
    ("Fed BY 1", "federal", "BY", None, 2000.0), ("Fed BY 2", "federal", "BY", None, 800.0),
    ("Union 1", "union", "union", None, 200.0),
    ("Smol", "regional", "RU", "RU-SMO", 900.0), ("Bryansk", "regional", "RU", "RU-BRY", 700.0),
    ("Pskov", "regional", "RU", "RU-PSK", 600.0), ("Kazan", "regional", "RU", "RU-TA", 1000.0),
    ("Vitebsk", "regional", "BY", "BY-VI", 700.0), ("Gomel", "regional", "BY", "BY-HO", 800.0),
    ("Mogilev", "regional", "BY", "BY-MA", 500.0), ("Brest", "regional", "BY", "BY-BR", 500.0),
    ("Smol local", "local", "RU", "RU-SMO", np.nan), ("Orsha local", "local", "BY", "BY-VI", np.nan),
    ("Bryansk local", "local", "RU", "RU-BRY", 150.0), ("Gomel local", "local", "BY", "BY-HO", 150.0),
]
PAIRS = [("RU-SMO", "BY-VI"), ("RU-BRY", "BY-HO"), ("RU-PSK", "BY-MA"), ("RU-TA", "BY-BR")]


@dataclass
class Plant:
    substantive: dict[str, float] = field(default_factory=lambda: {"federal": 0.45, "union": 0.40, "regional": 0.25, "local": 0.25})
    problem: dict[str, float] = field(default_factory=lambda: {"RU": 0.10, "BY": 0.04, "union": 0.07})
    topic_emphasis: dict[str, dict[str, float]] = field(default_factory=lambda: {"RU": {"ECON": 3.0, "IND": 3.0}, "BY": {"CULT": 3.0, "POL": 3.0}})
    peak_months: tuple[str, ...] = ("2022-06", "2023-06")
    peak_factor: float = 3.0
    pair_ratio: float = 3.0   # RU-side media items / BY-side media items for border pairs
    reprint_share: float = 0.3
    fed_voice_regional: float = 0.7  # P(FED actor) in regional/local media (REG actor prob is 0.35)


NULL = Plant(
    substantive={"federal": 0.33, "union": 0.33, "regional": 0.33, "local": 0.33},
    problem={"RU": 0.07, "BY": 0.07, "union": 0.07},
    topic_emphasis={"RU": {}, "BY": {}}, peak_months=(), peak_factor=1.0, pair_ratio=1.0, reprint_share=0.0,
    fed_voice_regional=0.35,
)


def make_frame(n: int = 5000, plant: Plant | None = None, seed: int = 1) -> pd.DataFrame:
    plant = plant or Plant()
    rng = np.random.default_rng(seed)
    months = pd.period_range("2021-01", "2023-12", freq="M")
    weights = np.array([plant.peak_factor if str(m) in plant.peak_months else 1.0 for m in months])
    month_idx = rng.choice(len(months), size=n, p=weights / weights.sum())
    # peak months get their extra volume as union items in the Forum week (days 25–30)
    day = rng.integers(1, 29, size=n)
    in_peak = np.isin(np.array([str(m) for m in months])[month_idx], list(plant.peak_months))
    day = np.where(in_peak & (rng.random(n) < 0.6), rng.integers(24, 29, size=n), day)
    ts = pd.to_datetime([f"{months[m]}-{d:02d}" for m, d in zip(month_idx, day, strict=True)]).tz_localize("UTC")
    outlet_idx = rng.integers(0, len(OUTLETS), size=n)
    rows = []
    for i in range(n):
        name, level, country, region, output = OUTLETS[outlet_idx[i]]
        union = int(rng.random() < (0.95 if in_peak[i] else 0.7))
        sub = int(union and rng.random() < plant.substantive[level])
        prob = int(union and rng.random() < plant.problem[country])
        tone = 0 if not union else (-1 if prob and rng.random() < 0.5 else int(rng.random() < 0.4))
        w = np.ones(len(TOPICS))
        for t, f in plant.topic_emphasis.get(country, {}).items():
            w[TOPICS.index(t)] *= f
        k = rng.integers(1, 3)
        topics = list(rng.choice(TOPICS, size=k, replace=False, p=w / w.sum()))
        regions: list[str] = []
        inter = 0
        if union and level in ("regional", "local") and rng.random() < 0.6:
            inter = 1
            own = [p for p in PAIRS if region in p]
            if own:
                pair = own[rng.integers(0, len(own))]
                ru_side = region == pair[0]
                keep_prob = 1.0 if (ru_side or plant.pair_ratio <= 1) else 1.0 / plant.pair_ratio
                if rng.random() < keep_prob:
                    regions = list(pair)
            else:
                regions = list(PAIRS[rng.integers(0, len(PAIRS))])
        elif union and rng.random() < 0.2:
            inter = 1
            regions = list(PAIRS[rng.integers(0, len(PAIRS))])
        actors = []
        p_fed = plant.fed_voice_regional if level in ("regional", "local") else 0.6
        if rng.random() < p_fed:
            actors.append("FED")
        if rng.random() < 0.35:
            actors.append("REG")
        for a in ACTORS[2:]:
            if rng.random() < 0.15:
                actors.append(a)
        rows.append({
            "id": f"d{i}", "source": name, "level": level, "country": country, "region_code": region,
            "published_at": ts[i], "language": "ru", "title": f"t{i}", "url": f"http://x/{i}",
            "union": union, "interregional": inter, "substantive": sub, "problem": prob, "tone": tone,
            "regions": regions, "topics": topics if union else [], "actors": actors, "genre": "NEWS",
            "reprint_of": None, "cluster_id": None, "output_per_month": output, "border": region in BORDER_REGIONS,
        })
    df = pd.DataFrame(rows)
    df["cluster_id"] = df["cluster_id"].astype(object)
    if plant.reprint_share > 0:
        fed = df.index[df["level"] == "federal"].to_numpy()
        sub = df.index[df["level"].isin(["regional", "local"])].to_numpy()
        chosen = sub[rng.random(len(sub)) < plant.reprint_share]
        originals = rng.choice(fed, size=len(chosen))
        df.loc[chosen, "reprint_of"] = df.loc[originals, "id"].to_numpy()
        df.loc[chosen, "cluster_id"] = originals
        df.loc[np.unique(originals), "cluster_id"] = np.unique(originals)
    return df
