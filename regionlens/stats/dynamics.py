"""Dynamics of regional indicators: growth rates, CAGR, index to a base year, shares, per capita."""

from __future__ import annotations

import numpy as np
import pandas as pd

from regionlens.stats.io import ALL_PARTNERS, POPULATION

KEY = ["region_code", "partner", "indicator"]


def dynamics(frame: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """Per series and year: value, year-on-year growth (share, 0.1 = +10 %) and index to the base year (=100).

    Growth is left empty when the previous year is missing, so a gap in the data is
    never read as a one-year change; the base year defaults to each series' first year.
    """
    data = frame.loc[frame["indicator"] != POPULATION].sort_values([*KEY, "year"]).copy()
    prev_year = data.groupby(KEY)["year"].shift(1)
    prev_value = data.groupby(KEY)["value"].shift(1)
    consecutive = prev_year == data["year"] - 1
    data["growth"] = np.where(consecutive & (prev_value != 0), data["value"] / prev_value - 1, np.nan)
    if base_year is None:
        base = data.groupby(KEY)["value"].transform("first")
    else:
        at_base = data.loc[data["year"] == base_year].set_index(KEY)["value"]
        base = pd.Series([at_base.get(tuple(k), np.nan) for k in data[KEY].itertuples(index=False)], index=data.index)
    data["index"] = np.where(base != 0, data["value"] / base * 100, np.nan)
    return data.reset_index(drop=True)


def cagr(frame: pd.DataFrame) -> pd.DataFrame:
    """Compound annual growth between the first and last year of each series: (last/first)^(1/years) − 1."""
    rows = []
    data = frame.loc[frame["indicator"] != POPULATION]
    for key, part in data.sort_values("year").groupby(KEY):
        first, last = part.iloc[0], part.iloc[-1]
        years = int(last["year"] - first["year"])
        ok = years > 0 and first["value"] > 0 and last["value"] > 0
        rows.append({**dict(zip(KEY, key, strict=True)), "first_year": int(first["year"]), "last_year": int(last["year"]),
                     "first": float(first["value"]), "last": float(last["value"]),
                     "cagr": (last["value"] / first["value"]) ** (1 / years) - 1 if ok else np.nan})
    return pd.DataFrame(rows, columns=[*KEY, "first_year", "last_year", "first", "last", "cagr"])


def partner_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of each partner in a region's total of an indicator in a year (e.g. Belarus in a region's trade)."""
    data = frame.loc[(frame["indicator"] != POPULATION) & (frame["partner"] != ALL_PARTNERS)].copy()
    total = data.groupby(["region_code", "indicator", "year"])["value"].transform("sum")
    data["partner_share"] = np.where(total != 0, data["value"] / total, np.nan)
    return data.reset_index(drop=True)


def region_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of each region in the total over regions for the same partner, indicator and year."""
    data = frame.loc[frame["indicator"] != POPULATION].copy()
    total = data.groupby(["partner", "indicator", "year"])["value"].transform("sum")
    data["region_share"] = np.where(total != 0, data["value"] / total, np.nan)
    return data.reset_index(drop=True)


def per_capita(frame: pd.DataFrame, per: float = 100_000) -> pd.DataFrame:
    """Values per `per` inhabitants where the region's population for that year is given (else left out)."""
    pop = frame.loc[frame["indicator"] == POPULATION, ["region_code", "year", "value"]].rename(columns={"value": "population"})
    data = frame.loc[frame["indicator"] != POPULATION].merge(pop, on=["region_code", "year"], how="inner")
    data["per_capita"] = data["value"] / data["population"] * per
    return data.reset_index(drop=True)
