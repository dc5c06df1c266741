"""Evidence.to_dict is written out by hand for speed: it must carry every field, in field order (the stored
evidence JSON keeps the order), so a field added later cannot silently drop out of the store."""

from __future__ import annotations

from dataclasses import fields

from regionlens.coding.coder import code_text
from regionlens.coding.context import Evidence


def test_to_dict_has_every_field_in_order() -> None:
    ev = Evidence("regions", "RU-SMO", 4, 21, "смоленский область", "gazetteer", "title", "Смоленской области")
    assert list(ev.to_dict().items()) == [(f.name, getattr(ev, f.name)) for f in fields(Evidence)]


def test_coder_evidence_round_trips_through_to_dict() -> None:
    result = code_text("Губернатор Смоленской области встретился с председателем Витебского облисполкома.",
                       "Смоленск и Витебск договорились о поставках")
    assert result.evidence
    for ev in result.evidence:
        assert Evidence(**ev.to_dict()) == ev
