"""Official documents against media coverage: document sets, priority profiles, divergence tests."""

from regionlens.alignment.compare import compare_profiles, js_divergence, topic_matrix
from regionlens.alignment.documents import documents_frame, ingest_official, official_frame_from_dir
from regionlens.alignment.materials import load_demo_extras, materials_sections
from regionlens.alignment.section import alignment_section
from regionlens.alignment.table import alignment_table, set_profiles

__all__ = ["alignment_section", "load_demo_extras", "materials_sections", "alignment_table", "compare_profiles", "documents_frame", "ingest_official",
           "js_divergence", "official_frame_from_dir", "set_profiles", "topic_matrix"]
