"""The learned layer: a linear model as a weight table, its decisions and their evidence."""

from __future__ import annotations

import json

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_doc_rules, prepare_doc
from regionlens.coding.learned import (
    MODEL_PATH,
    LearnedLayer,
    LinearModel,
    apply_layer,
    doc_features,
    load_layer,
)


def test_linear_model_decides_by_the_weighted_features() -> None:
    binary = LinearModel("problem", (0, 1), (-1.0,), {"l:буксовать": (2.5,), "rule:problem=1": (0.4,)})
    assert binary.predict({"l:буксовать": 1.0}) == 1
    assert binary.predict({"rule:problem=1": 1.0}) == 0
    assert binary.strongest({"l:буксовать": 1.0, "rule:problem=1": 1.0}, 1)[0][0] == "l:буксовать"
    multi = LinearModel("genre", ("ANALYSIS", "NEWS"), (0.0, 0.5), {"first_person": (2.0, 0.0)})
    assert multi.predict({}) == "NEWS" and multi.predict({"first_person": 1.0}) == "ANALYSIS"


def test_a_learned_decision_shows_the_span_of_its_strongest_feature() -> None:
    book = load_codebook()
    text = ("Эксперт считает, что интеграция России и Беларуси буксует. Губернатор Брянской области и председатель "
            "Гомельского облисполкома подписали соглашение.")
    doc = prepare_doc(text, "", book)
    values = code_doc_rules(doc).values
    feats = doc_features(doc, values)
    assert "l:буксовать" in feats and f"rule:union={values['union']}" in feats
    layer = LearnedLayer("test", "", {"genre": LinearModel("genre", ("ANALYSIS", "NEWS"), (0.0, 1.0),
                                                            {"l:эксперт": (3.0, 0.0)})})
    out, evidence = apply_layer(doc, values, [], layer)
    assert out["genre"] == "ANALYSIS"
    (ev,) = [e for e in evidence if e.variable == "genre"]
    assert text[ev.start:ev.end] == "Эксперт" and "learned model test" in ev.rule


def test_packaged_model_records_its_training_data_and_cross_validation() -> None:
    assert MODEL_PATH.exists()
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert len(data["training_data_sha256"]) == 64
    layer = load_layer()
    assert layer is not None
    for var in layer.models:
        cv = data["cross_validation"][var]
        assert cv["kept"] and cv["model_alpha"] > cv["rules_alpha"]  # kept only where it beat the rules
