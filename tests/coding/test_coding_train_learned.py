"""The learned layer's training procedure: the shifted split, the feature filter and the keep decision.

Synthetic examples (feature dictionaries written here, no texts): they check what the procedure holds out,
which features it lets a model weigh, and that a model whose cue reverses in a later collection round is
dropped although cross-validation over all rounds would keep it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from regionlens.validation.real import fold_of

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_learned.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_learned", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_learned"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


T = _load()


def _ex(rid: str, *, group: str | None = None, outlet: str = "site.example", feats: dict[str, float] | None = None,
        soc: bool = False, rules_soc: bool = False, real: bool = True) -> Any:
    return T.Example(rid, group or f"story-{rid}", real, dict(feats or {}),
                     {"topics": ["SOC"] if rules_soc else [], "_cues": {}}, {"topics": ["SOC"] if soc else []},
                     outlet, real and T.is_later_round(rid))


def test_later_round_is_read_from_the_id_number() -> None:
    assert T.is_later_round("r2000") and T.is_later_round("r2175")
    assert not T.is_later_round("r1999") and not T.is_later_round("r0005")
    assert not T.is_later_round("A2001")  # invented gold has another prefix: never the later round
    assert T.is_later_round("r0150", "r0100") and not T.is_later_round("r0099", "r0100")


def test_shifted_split_trains_on_earlier_rounds_and_tests_on_the_later_one() -> None:
    examples = [_ex("r0001"), _ex("r1500"), _ex("r2001"), _ex("r2002"), _ex("A001", real=False)]
    part = T.shift_part(examples, "topics:SOC")
    assert [e.id for e in part.test] == ["r2001", "r2002"]
    assert sorted(e.id for e in part.train) == ["A001", "r0001", "r1500"]


def test_cross_validation_over_earlier_rounds_leaves_the_later_round_out_and_keeps_stories_together() -> None:
    examples = [_ex(f"r{i:04d}", group=f"story{i // 2}") for i in range(40)]  # two copies per story
    examples += [_ex(f"r{2000 + i}") for i in range(10)] + [_ex("B001", real=False)]
    parts = T.cv_parts(examples, "topics:SOC", 5, lambda ex: not ex.later)
    tested = [e.id for p in parts for e in p.test]
    assert sorted(tested) == sorted(f"r{i:04d}" for i in range(40))  # each earlier item once, no later item
    for p in parts:
        train_ids = {e.id for e in p.train}
        assert "B001" in train_ids  # invented gold is always training data
        assert not any(e.later for e in p.train)
        assert not {e.group for e in p.test} & {e.group for e in p.train}  # no story on both sides
        assert len({fold_of(e.group, 5) for e in p.test}) == 1


def test_feature_filter_drops_rare_item_and_outlet_words_but_keeps_rule_features() -> None:
    proc = T.Procedure(min_stories=3, min_outlets=2)
    examples = [
        # «обсудить» in four stories of three outlets: a word the model may weigh
        _ex("r0001", outlet="a.ru", feats={"l:обсудить": 1.0, "rule:union=1": 1.0, "l:https": 1.0, "l:2024": 1.0}),
        _ex("r0002", outlet="b.by", feats={"l:обсудить": 1.0, "rule:union=1": 1.0, "l:https": 1.0, "l:2024": 1.0}),
        _ex("r0003", outlet="c.ru", feats={"l:обсудить": 1.0, "rule:union=1": 1.0, "l:https": 1.0, "l:2024": 1.0,
                                          "tl:редкий": 1.0}),
        _ex("r0004", outlet="a.ru", feats={"l:обсудить": 1.0}),
        # the name of one outlet, in four of its stories: identifies the outlet, not a phenomenon
        *[_ex(f"r00{10 + i}", outlet="d.by", feats={"l:вестник": 1.0, "rule:union=1": 1.0}) for i in range(4)],
        # a lemma in three copies of ONE story counts once
        *[_ex(f"r00{20 + i}", group="same", outlet=f"e{i}.ru", feats={"l:копия": 1.0}) for i in range(3)],
    ]
    vocab = T.vocabulary(examples, proc, lemmas=True)
    assert "l:обсудить" in vocab
    assert "rule:union=1" in vocab  # not a lemma: outlets are not counted
    assert "l:вестник" not in vocab  # one outlet
    assert "l:копия" not in vocab  # one story
    assert "tl:редкий" not in vocab  # one item
    assert "l:https" not in vocab and "l:2024" not in vocab  # URL part, number
    assert T.vocabulary(examples, proc, lemmas=False) == {"rule:union=1"}
    legacy = T.vocabulary(examples, T.Procedure.legacy(), lemmas=True)  # the old filter kept them
    assert {"l:https", "l:2024", "l:вестник"} <= legacy


def test_on_a_tie_the_simpler_setting_and_the_cautious_override_win() -> None:
    proc = T.Procedure(p_grid=(0.9, 0.0), tie=0.01)
    gold = [1, 0, 1, 0, 1, 0, 1, 0]
    rules = [0, 0, 0, 0, 1, 0, 1, 0]
    sure = [(1, 0.95), None, (1, 0.95), None, None, None, None, None]
    props = T.Proposals([str(i) for i in range(8)], gold, rules, sure, [0] * 8)
    choice = T.choose({T.Setting(False, 0.01): props, T.Setting(True, 1.0): props}, "topics:SOC", proc)
    assert choice.setting == T.Setting(False, 0.01) and choice.p_min == 0.9
    assert choice.score.model_alpha == 1.0 and choice.score.model_errors == 0 and choice.score.rules_errors == 2


def test_a_model_whose_cue_reverses_in_the_later_round_is_not_kept() -> None:
    """«сигнал» marks SOC in every earlier story and its absence in the later round: grouped CV over all DEV
    still favours the model (two thirds of the items follow the cue), the shifted split shows it loses."""
    examples = []
    for i in range(60):
        soc = i % 2 == 0
        examples.append(_ex(f"r{i:04d}", outlet=f"o{i % 6}", soc=soc,
                            feats={"l:сигнал": 1.0} if soc else {"l:фон": 1.0}))
    for i in range(30):
        soc = i % 2 == 0
        examples.append(_ex(f"r{2000 + i}", outlet=f"n{i % 5}", soc=soc,
                            feats={"l:фон": 1.0} if soc else {"l:сигнал": 1.0}))
    res = T.train_target(examples, "topics:SOC", T.Procedure(lemmas=(True,), min_stories=3, min_outlets=2), 5)
    assert res.cv.score.beats(0.02)  # cross-validation alone would keep it
    assert res.shifted.model_alpha is not None and res.shifted.rules_alpha is not None
    assert res.shifted.model_alpha < res.shifted.rules_alpha and not res.shifted.holds()
    assert not res.keep(T.Procedure())
    assert res.keep(T.Procedure.legacy())  # the old procedure had no shifted gate and kept it
    assert res.procedure_shifted.model_errors > res.procedure_shifted.rules_errors
