"""Region gazetteer (Russian federal subjects, Belarusian oblasts, Minsk) and region matching over lemma streams.

`load_gazetteer()` reads and validates the packaged ``data/regions.yaml``;
`find_regions(stream)` returns every region mention with the codebook rule
that made it count; `region_codes(mentions)` gives the `regions` variable.
"""

from regionlens.gazetteer.gazetteer import (
    Gazetteer,
    GazetteerError,
    Region,
    border_codes,
    get_region,
    is_valid_code,
    load_gazetteer,
)
from regionlens.gazetteer.matcher import RegionMention, find_regions, region_codes

__all__ = [
    "Gazetteer",
    "GazetteerError",
    "Region",
    "RegionMention",
    "border_codes",
    "find_regions",
    "get_region",
    "is_valid_code",
    "load_gazetteer",
    "region_codes",
]
