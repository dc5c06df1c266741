"""Expert surveys: schema, import with located errors, statistics and the report section."""

from regionlens.surveys.importer import ParsedSurvey, import_survey, load_survey, parse_survey, store_survey
from regionlens.surveys.schema import SchemaError, SurveySchema, load_schema
from regionlens.surveys.section import survey_section, survey_tables
from regionlens.surveys.table import CellError, TableFileError

__all__ = ["CellError", "ParsedSurvey", "SchemaError", "SurveySchema", "TableFileError", "import_survey",
           "load_schema", "load_survey", "parse_survey", "store_survey", "survey_section", "survey_tables"]
