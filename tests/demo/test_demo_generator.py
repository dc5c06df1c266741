"""The demo corpus generator: files, determinism, ground truth and the planted effects."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from demo_rates import load, rates  # noqa: E402

from regionlens.demo import DemoManifest, generate_demo  # noqa: E402
from regionlens.sources.files import read_registry  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "regionlens" / "gazetteer" / "data" / "regions.yaml"
VARIABLES = ("union", "interregional", "regions", "topics", "substantive", "problem", "tone", "actors", "genre")
TOPICS = {"ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO"}
ACTORS = {"FED", "REG", "LOC", "BUS", "CIV", "CIT"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoManifest]:
    out = tmp_path_factory.mktemp("demo")
    seen: list[int] = []
    manifest = generate_demo(out, progress=seen.append)
    assert seen and seen[-1] == manifest.n_docs
    return out, manifest


@pytest.fixture(scope="module")
def null_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("null")
    generate_demo(out, null=True)
    return out


def test_same_seed_gives_identical_files_and_other_seed_differs(tmp_path: Path) -> None:
    generate_demo(tmp_path / "a", seed=5, n_docs=600)
    generate_demo(tmp_path / "b", seed=5, n_docs=600)
    generate_demo(tmp_path / "c", seed=6, n_docs=600)
    for name in ("sources.yaml", "corpus.jsonl", "ground_truth.jsonl", "ground_truth.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "corpus.jsonl").read_bytes() != (tmp_path / "c" / "corpus.jsonl").read_bytes()


def test_counts_outlets_and_years(demo: tuple[Path, DemoManifest]) -> None:
    out, manifest = demo
    corpus, truth, sources = load(out)
    assert len(corpus) == manifest.n_docs == 5000
    assert 38 <= len(sources) <= 50
    assert {d["published_at"][:4] for d in corpus} == {"2021", "2022", "2023"}
    assert len({d["id"] for d in corpus}) == len(corpus) == len(truth)
    assert {d["source"] for d in corpus} == set(sources)
    assert manifest.counts["reprints"] == sum(t["reprint_of"] is not None for t in truth.values())


def test_sources_yaml_has_the_registry_fields(demo: tuple[Path, DemoManifest]) -> None:
    out, _ = demo
    data = yaml.safe_load((out / "sources.yaml").read_text(encoding="utf-8"))
    fields = {"name", "domains", "country", "level", "region_code", "founder", "language", "feed_url",
              "output_per_month"}
    strata: dict[tuple[str, str], int] = {}
    for s in data["sources"]:
        assert set(s) == fields, s["name"]
        assert s["country"] in {"RU", "BY", "union"}
        assert s["level"] in {"federal", "regional", "local", "union"}
        assert s["founder"] in {"state", "regional_authority", "municipal", "private"}
        assert s["language"] in {"ru", "be"} and s["feed_url"] is None
        assert isinstance(s["output_per_month"], int) and s["output_per_month"] > 0
        assert s["domains"] and all("." in d and "/" not in d for d in s["domains"])
        if s["level"] in ("federal", "union"):
            assert s["region_code"] is None
        else:
            assert s["region_code"].split("-")[0] == s["country"]
        strata[(s["country"], s["level"])] = strata.get((s["country"], s["level"]), 0) + 1
    assert strata[("RU", "federal")] == 5 and strata[("BY", "federal")] == 4 and strata[("union", "union")] == 3
    by_oblasts = {s["region_code"] for s in data["sources"] if s["country"] == "BY" and s["level"] == "regional"}
    assert by_oblasts == {"BY-BR", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI", "BY-HM"}
    assert sum(s["language"] == "be" for s in data["sources"]) >= 1
    records, errors = read_registry(out / "sources.yaml")     # the project's own registry reader accepts it
    assert errors == [] and len(records) == len(data["sources"])


def _stems(code_forms: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {}
    for code, words in code_forms.items():
        stems = []
        for w in words:
            first = w.split()[0].lower().replace("ё", "е")
            if first in {"город", "горад", "республика", "рэспубліка"}:
                first = w.split()[1].lower()
            stems.append(first[: max(4, len(first) - 3)])
        out[code] = stems
    return out


def test_texts_are_real_and_name_their_planted_regions(demo: tuple[Path, DemoManifest]) -> None:
    out, _ = demo
    corpus, truth, _ = load(out)
    gaz = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))["regions"]
    forms = {}
    for r in gaz:
        words: list[str] = []
        for key in ("names", "colloquial", "adjectives"):
            for lang in ("ru", "be"):
                words += (r.get(key) or {}).get(lang) or []
        words += [r["capital"]["ru"], r["capital"]["be"]]
        forms[r["code"]] = words
    stems = _stems(forms)
    lengths = []
    for d in corpus:
        t = truth[d["id"]]
        body = (d["title"] + " " + d["text"]).lower().replace("ё", "е")
        assert d["text"].strip() and d["title"].strip()
        assert "{" not in body and "}" not in body
        assert d["url"].startswith("https://") and "/news/" in d["url"]
        assert d["published_at"].endswith("+03:00")
        for code in t["regions"]:
            assert any(s in body for s in stems[code]), (d["id"], code)
        lengths.append(len(d["text"].split()))
        assert set(t) >= set(VARIABLES) | {"id", "reprint_of", "planted"}
        assert set(t["topics"]) <= TOPICS and set(t["actors"]) <= ACTORS
        assert t["genre"] in {"NEWS", "INTERVIEW", "ANALYSIS", "OFFICIAL"} and t["tone"] in (-1, 0, 1)
        if not t["union"]:
            assert t["interregional"] == t["substantive"] == t["problem"] == t["tone"] == 0
    lengths.sort()
    assert lengths[len(lengths) // 20] >= 60 and lengths[-1] <= 500
    assert sum(80 <= n <= 500 for n in lengths) / len(lengths) > 0.9
    assert sum(d["language"] == "be" for d in corpus) > 50


def test_reprints_copy_the_agency_body_and_follow_within_two_days(demo: tuple[Path, DemoManifest]) -> None:
    out, _ = demo
    corpus, truth, sources = load(out)
    by_id = {d["id"]: d for d in corpus}
    changed_titles = 0
    for d in corpus:
        orig_id = truth[d["id"]]["reprint_of"]
        if orig_id is None:
            continue
        orig = by_id[orig_id]
        assert sources[orig["source"]]["country"] == sources[d["source"]]["country"]
        assert sources[d["source"]]["level"] in ("regional", "local")
        assert orig["published_at"] <= d["published_at"]
        last = orig["text"].split("\n\n")[-1]
        assert last in d["text"]
        changed_titles += orig["title"] != d["title"]
    assert changed_titles > 0


def test_planted_effects_hold(demo: tuple[Path, DemoManifest]) -> None:
    out, _ = demo
    r = rates(out)
    sub = r["substantive"]
    assert abs(sub["federal"] - 0.45) < 0.06 and abs(sub["subnational"] - 0.25) < 0.05
    assert sub["federal"] - sub["subnational"] > 0.12
    assert abs(r["problem"]["RU"] - 0.10) < 0.03 and abs(r["problem"]["BY"] - 0.04) < 0.025
    assert abs(r["reprint_share"] - 0.30) < 0.04
    for key, ratio in {"RU-SMO/BY-VI": 3.0, "BY-HO/RU-BRY": 2.0, "BY-VI/RU-PSK": 2.0}.items():
        pair = r["pairs"][key]
        assert abs(pair["ratio"] - ratio) / ratio < 0.2, (key, pair)
        assert pair["own_share"] > 0.8
    assert 2.1 < r["forum_peak"] < 3.0
    assert r["forum_mentions_in_peak"] > 0.4
    t = r["topics"]
    assert t["RU"]["ECON/IND"] - t["BY"]["ECON/IND"] > 0.1
    assert t["BY"]["POL/CULT"] - t["RU"]["POL/CULT"] > 0.1
    assert 0.7 < r["union_share"] < 0.8


def test_null_corpus_has_none_of_the_effects(null_demo: Path) -> None:
    r = rates(null_demo)
    sub = r["substantive"]
    assert abs(sub["federal"] - sub["subnational"]) < 0.05
    assert abs(r["problem"]["RU"] - r["problem"]["BY"]) < 0.025
    assert r["reprint_share"] == 0.0
    for pair in r["pairs"].values():
        assert abs(pair["ratio"] - 1.0) < 0.15
    assert 0.8 < r["forum_peak"] < 1.25
    t = r["topics"]
    assert abs(t["RU"]["ECON/IND"] - t["BY"]["ECON/IND"]) < 0.06
    assert abs(t["BY"]["POL/CULT"] - t["RU"]["POL/CULT"]) < 0.07


def test_ground_truth_md_states_seed_and_effects(demo: tuple[Path, DemoManifest], null_demo: Path) -> None:
    out, manifest = demo
    md = (out / "ground_truth.md").read_text(encoding="utf-8")
    assert "seed: 2022" in md and "Forum" in md and "0.45" in md and "30%" in md
    assert "null corpus (no planted effects): yes" in (null_demo / "ground_truth.md").read_text(encoding="utf-8")
    assert manifest.effects["reprint_share"] == 0.30 and manifest.null is False
    row = json.loads((out / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert row["id"] == "demo-00001"


def test_bad_arguments_are_refused_in_russian(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Число документов"):
        generate_demo(tmp_path, n_docs=0)
