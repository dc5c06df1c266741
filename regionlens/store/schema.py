"""Tables of the data model in DESIGN.md, in SQLAlchemy Core so SQLite and PostgreSQL share them.

Lists and evidence are stored as JSON text rather than dialect JSON types, so
that a project moves between SQLite and PostgreSQL with a plain copy.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("country", String(16), nullable=False),
    Column("level", String(16), nullable=False),
    Column("region_code", String(40)),
    Column("founder", String(32)),
    Column("language", String(8)),
    Column("feed_url", Text),
    Column("output_per_month", Float),
    # How the row got its metadata: registry | catalogue | unknown (NULL in projects before v8 = registry).
    Column("origin", String(16)),
    Column("sitemap_url", Text),  # added in schema version 10 (collection)
)

source_domains = Table(
    "source_domains",
    metadata,
    Column("domain", String(253), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("ext_id", String(200)),
    Column("url", Text),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("language", String(8)),
    Column("kind", String(16), nullable=False, default="media"),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("origin", Text),
    Column("meta", Text),
    Column("lemmas", Text, nullable=False, default=""),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # v7: where published_at came from — record | meta | text | url (regionlens.ingest.dating); NULL when
    # undated or stored before v7, when it was not recorded
    Column("date_source", String(8)),
    UniqueConstraint("source_id", "url", name="uq_documents_source_url"),
)
# In stream order (date, then id) with the source: the date-ordered search pages and the reprint stream walk
# this index without touching the wide document rows, and source filters are checked from the index entry.
Index("ix_documents_published_source", documents.c.published_at, documents.c.id, documents.c.source_id)
Index("ix_documents_source", documents.c.source_id)
# v14: what the analysis reads of every publication. SQLite stores these columns after the text, so without a
# covering index each analysis (and each «are there official documents?») reads the whole table, texts included.
Index("ix_documents_kind_facts", documents.c.kind, documents.c.source_id, documents.c.published_at,
      documents.c.language, documents.c.date_source, documents.c.id)

codes = Table(
    "codes",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("variable", String(64), primary_key=True),
    Column("coder", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("codebook_version", String(64), nullable=False),
    Column("evidence", Text),
    Column("coded_at", DateTime(timezone=True), nullable=False),
)
Index("ix_codes_variable", codes.c.variable, codes.c.coder)

# Added in schema version 2.
coding_runs = Table(
    "coding_runs",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("coder", String(64), primary_key=True),
    Column("codebook_version", String(64), nullable=False),
    Column("codebook_hash", String(64), nullable=False),
    Column("software_version", String(32), nullable=False),
    Column("coded_at", DateTime(timezone=True), nullable=False),
)

# v13: what each coding hash stands for. coding_runs.codebook_hash is the joint hash of the codebook, the
# gazetteer and the outlet catalogue a project coded with (regionlens.project.identity); this table keeps
# the versions and hashes of the three behind it, so a run can be traced to the gazetteer that coded it.
coding_identities = Table(
    "coding_identities",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("codebook_version", String(64), nullable=False),
    Column("codebook_hash", String(64), nullable=False),
    Column("codebook_path", Text, nullable=False, default=""),
    Column("gazetteer_version", String(64), nullable=False),
    Column("gazetteer_hash", String(64), nullable=False),
    Column("catalogue_version", String(64), nullable=False),
    Column("catalogue_hash", String(64), nullable=False),
    Column("first_used_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("region_code", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("surface", Text, nullable=False),
    Column("field", String(8), nullable=False, default="text"),
)
Index("ix_mentions_document", mentions.c.document_id)
Index("ix_mentions_region", mentions.c.region_code)

reprints = Table(
    "reprints",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", Integer, nullable=False),
    Column("original_id", Integer, nullable=False),
    Column("similarity", Float, nullable=False),
    # v7: 1 when original_id is the cluster's earliest dated copy; 0 when no copy has a date, so
    # original_id only names the cluster (its lowest id) and which copy came first is unknown
    Column("original_known", Integer, nullable=False, server_default="1"),
)
Index("ix_reprints_cluster", reprints.c.cluster_id)

# Added in schema version 3: manual coding, statistics and surveys.
jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("config", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

job_units = Table(
    "job_units",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("coder", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

annotations = Table(  # type: ignore[assignment]  # the name shadows the __future__ feature only for mypy
    "annotations",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("coder", String(64), primary_key=True),
    Column("variable", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("region_code", String(40), nullable=False),
    Column("partner", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("value", Float),
    Column("unit", String(64)),
    Column("source", Text),
    UniqueConstraint("region_code", "partner", "year", "name", name="uq_indicator_key"),
)

survey_respondents = Table(
    "survey_respondents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("survey", String(200), nullable=False),
    Column("respondent", String(200), nullable=False),
    Column("country", String(16)),
    Column("role", String(200)),
    Column("region_code", String(40)),
    UniqueConstraint("survey", "respondent", name="uq_survey_respondent"),
)

survey_answers = Table(
    "survey_answers",
    metadata,
    Column("respondent_id", Integer, ForeignKey("survey_respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("item", String(200), primary_key=True),
    Column("value_num", Float),
    Column("value_text", Text),
)

# Added in schema version 4: accounts of the web application.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("language", String(8), nullable=False, default="ru"),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Added in schema version 9: the name folded (NFKC + casefold), unique, so «Admin» cannot join «admin».
    Column("username_key", String(100)),
)
Index("ux_users_username_key", users.c.username_key, unique=True)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Added in schema version 5: the dashboard's fact tables, one row per coded media publication
# (and one per topic / region of it), refreshed from codes and reprints by
# regionlens.dashboard.facts so that dashboard figures are GROUP BYs over integer
# columns instead of JSON parsing of the codes table.
dash_docs = Table(
    "dash_docs",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("published_at", DateTime(timezone=True)),
    Column("month", String(7)),
    Column("source_id", Integer),
    Column("level", String(16), nullable=False),
    Column("country", String(16), nullable=False),
    Column("is_union", Integer, nullable=False),
    Column("substantive", Integer, nullable=False),
    Column("problem", Integer, nullable=False),
    Column("tone", Integer, nullable=False),
    Column("reprint", Integer, nullable=False, default=0),
)
Index("ix_dash_docs_month", dash_docs.c.month, dash_docs.c.level, dash_docs.c.country)
Index("ix_dash_docs_source", dash_docs.c.source_id)
Index("ix_dash_docs_published", dash_docs.c.published_at)

dash_topics = Table(
    "dash_topics",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(16), primary_key=True),
)
Index("ix_dash_topics_topic", dash_topics.c.topic, dash_topics.c.document_id)

dash_regions = Table(
    "dash_regions",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("region_code", String(40), primary_key=True),
)
Index("ix_dash_regions_region", dash_regions.c.region_code, dash_regions.c.document_id)
Index("ix_coding_runs_coded_at", coding_runs.c.coded_at)


def _sum_columns() -> list[Column[int]]:
    """Sums over the union publications of a cube cell, and the newest example ids behind them."""
    return [Column(name, Integer, nullable=False, default=0) for name in
            ("n", "substantive", "problem", "tone_sum", "tone_sq", "negative", "reprints")] + [
        Column(name, Integer) for name in ("ex_any", "ex_substantive", "ex_problem", "ex_negative")]


# Pre-aggregated cubes over dash_docs (month × source × level × country and per topic, region, region pair),
# rebuilt with the facts; the dashboard reads them when no region/topic filter and only whole months are asked for.
dash_cube = Table(
    "dash_cube", metadata,
    Column("month", String(7)), Column("source_id", Integer), Column("level", String(16)), Column("country", String(16)),
    Column("n_all", Integer, nullable=False), *_sum_columns(),
)
Index("ix_dash_cube_month", dash_cube.c.month)
dash_cube_topic = Table(
    "dash_cube_topic", metadata,
    Column("topic", String(16), nullable=False), Column("month", String(7)), Column("source_id", Integer),
    Column("level", String(16)), Column("country", String(16)), Column("n", Integer, nullable=False), Column("ex_any", Integer),
)
dash_cube_region = Table(
    "dash_cube_region", metadata,
    Column("region_code", String(40), nullable=False), Column("month", String(7)), Column("level", String(16)),
    Column("country", String(16)), *_sum_columns(),
)
dash_cube_pair = Table(
    "dash_cube_pair", metadata,
    Column("ru", String(40), nullable=False), Column("by", String(40), nullable=False), Column("month", String(7)),
    Column("level", String(16)), Column("country", String(16)), Column("n", Integer, nullable=False),
    Column("ex_any", Integer),
)


# Added in schema version 6: the cubes once more per region and per topic a publication carries
# (filter_kind "region" or "topic", filter_value the code; month × level × country, no source), so a
# region or a topic filter reads pre-summed cells instead of joining the fact tables (1–2 s at a million
# publications). A source filter on top of them is narrow enough for the fact tables. dash_fcube_region and
# dash_fcube_pair also hold filter_kind "source" (filter_value the id): the base region and pair cubes have no source.
def _facet_columns() -> list[Column[str]]:
    return [Column("filter_kind", String(16), nullable=False), Column("filter_value", String(64), nullable=False)]


dash_fcube = Table(
    "dash_fcube", metadata, *_facet_columns(),
    Column("month", String(7)), Column("level", String(16)), Column("country", String(16)),
    Column("n_all", Integer, nullable=False), *_sum_columns(),
)
Index("ix_dash_fcube_facet", dash_fcube.c.filter_kind, dash_fcube.c.filter_value, dash_fcube.c.month)
dash_fcube_topic = Table(
    "dash_fcube_topic", metadata, *_facet_columns(),
    Column("topic", String(16), nullable=False), Column("month", String(7)), Column("level", String(16)),
    Column("country", String(16)), Column("n", Integer, nullable=False), Column("ex_any", Integer),
)
Index("ix_dash_fcube_topic_facet", dash_fcube_topic.c.filter_kind, dash_fcube_topic.c.filter_value,
      dash_fcube_topic.c.month)
dash_fcube_region = Table(
    "dash_fcube_region", metadata, *_facet_columns(),
    Column("region_code", String(40), nullable=False), Column("month", String(7)), Column("level", String(16)),
    Column("country", String(16)), *_sum_columns(),
)
Index("ix_dash_fcube_region_facet", dash_fcube_region.c.filter_kind, dash_fcube_region.c.filter_value,
      dash_fcube_region.c.month)
dash_fcube_pair = Table(
    "dash_fcube_pair", metadata, *_facet_columns(),
    Column("ru", String(40), nullable=False), Column("by", String(40), nullable=False), Column("month", String(7)),
    Column("level", String(16)), Column("country", String(16)), Column("n", Integer, nullable=False),
    Column("ex_any", Integer),
)
Index("ix_dash_fcube_pair_facet", dash_fcube_pair.c.filter_kind, dash_fcube_pair.c.filter_value,
      dash_fcube_pair.c.month)

# Added in schema version 10: the state of `regionlens collect`. Per source the last run and when the next one
# is due; per feed or sitemap the validators of its last complete read (ETag, Last-Modified); per article URL
# what fetching it gave. URLs are keyed by a hash because PostgreSQL's b-tree refuses keys over ~2.7 kB.
collect_sources = Table(
    "collect_sources",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("first_run_at", DateTime(timezone=True)),
    Column("last_started_at", DateTime(timezone=True)),
    Column("last_finished_at", DateTime(timezone=True)),
    Column("last_ok_at", DateTime(timezone=True)),
    Column("last_new_at", DateTime(timezone=True)),
    Column("next_due_at", DateTime(timezone=True)),
    Column("last_listed", Integer, nullable=False, default=0),
    Column("last_new", Integer, nullable=False, default=0),
    Column("last_failed", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("runs", Integer, nullable=False, default=0),
    Column("total_new", Integer, nullable=False, default=0),
)

collect_channels = Table(
    "collect_channels",
    metadata,
    Column("url_hash", String(64), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True)),
    Column("http_status", Integer),
    Column("error", Text),
)

collect_urls = Table(
    "collect_urls",
    metadata,
    Column("url_hash", String(64), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("http_status", Integer),
    Column("reason", Text),
    Column("final_url", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True)),
    Column("listing", Text),  # while a retry is pending: the feed's record as JSON, the fallback if the page never comes
)
Index("ix_collect_urls_source", collect_urls.c.source_id, collect_urls.c.status)

# Added in schema version 9: server-side web sessions (the cookie holds only a random id, stored here as
# its SHA-256, so logout, a password change or a disabled account ends a session at once) and login
# throttling shared by every server process (times are Unix seconds).
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
)
Index("ix_web_sessions_user", web_sessions.c.user_id)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),  # "address:<ip>" or "account:<folded name>"
    Column("failures", Integer, nullable=False, default=0),
    Column("next_allowed", Float, nullable=False, default=0.0),
    Column("updated_at", Float, nullable=False),
)

# Added in schema version 11: the repeating part of automatic evidence (variable, value, pattern, rule, field)
# once per combination; codes.evidence of the automatic coder then holds [rule id, start, end] items
# (regionlens.store.evidence). key_hash is the SHA-256 of the combination, a fixed-width unique key.
evidence_rules = Table(
    "evidence_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("variable", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("pattern", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("field", String(16), nullable=False),
)

TABLES_BY_VERSION: dict[int, list[Table]] = {
    1: [meta, sources, source_domains, documents, codes],
    2: [coding_runs, mentions, reprints],
    3: [jobs, job_units, annotations, indicators, survey_respondents, survey_answers],  # type: ignore[list-item]
    4: [users, api_tokens],
    5: [dash_docs, dash_topics, dash_regions, dash_cube, dash_cube_topic, dash_cube_region, dash_cube_pair],
    6: [dash_fcube, dash_fcube_topic, dash_fcube_region, dash_fcube_pair],
    7: [],  # columns only: documents.date_source, reprints.original_known
    9: [web_sessions, login_throttle],
    10: [collect_sources, collect_channels, collect_urls],
    11: [evidence_rules],
    13: [coding_identities],
}
