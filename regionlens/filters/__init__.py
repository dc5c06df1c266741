"""One publication-filter layer for every way of asking for publications.

`model.Filters` is the selection, `parse.parse_filters` builds it from what a
person typed (each layer maps only its own argument names), `sql.conditions`
writes it as SQL over the dashboard facts or the documents table. Search, the
dashboard, the API, export and analysis all filter through here, so the same
filters select the same publications everywhere.
"""

from regionlens.filters.model import ANY_KIND, AUTO_CODER, DEFAULT_KIND, FLAGS, KINDS, TOPICS, Filters
from regionlens.filters.parse import (
           FIRST_DATE,
           LAST_DATE,
           PARAMS,
           URL_NAMES,
           FilterError,
           Names,
           parse_filters,
)

__all__ = ["ANY_KIND", "AUTO_CODER", "DEFAULT_KIND", "FIRST_DATE", "FLAGS", "KINDS", "LAST_DATE", "PARAMS", "TOPICS", "URL_NAMES",
           "FilterError", "Filters", "Names", "parse_filters"]
