"""Official documents against media coverage: document sets, priority profiles, divergence tests.

Storing and coding the documents themselves is a pipeline stage (`regionlens.pipeline.documents`).
"""

from regionlens.documents.compare import compare_profiles, js_divergence, topic_matrix
from regionlens.documents.materials import materials_sections
from regionlens.documents.official import documents_frame
from regionlens.documents.section import alignment_section
from regionlens.documents.table import alignment_table, set_profiles

__all__ = ["alignment_section", "materials_sections", "alignment_table", "compare_profiles", "documents_frame",
           "js_divergence", "set_profiles", "topic_matrix"]
