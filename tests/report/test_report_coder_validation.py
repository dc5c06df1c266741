"""The methods section says how well the automatic coder agrees with hand coding on real publications.

The figures come from the packaged record (`coding/data/validation-real.json`), read here independently of the
loader, so a table that drifted from the file, a dropped split or a wrong band fails.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from regionlens.analysis.result import AnalysisResult
from regionlens.coding.codebook import DEFAULT_PATH, load_codebook
from regionlens.report.html import render_html
from regionlens.report.i18n import load_strings
from regionlens.store.project import Project
from regionlens.validation.coder_record import coder_validation

RECORD = DEFAULT_PATH.parent / "validation-real.json"
LEARNED = DEFAULT_PATH.parent / "learned-v1.json"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _file() -> dict[str, Any]:
    return dict(json.loads(RECORD.read_text(encoding="utf-8")))


def _alpha(value: float, lang: str) -> str:
    text = f"{value:.3f}"
    return text.replace(".", ",") if lang == "ru" else text


def _subsection(html: str, lang: str) -> str:
    """The coder-validation sub-section of the methods chapter, tags stripped, whitespace collapsed."""
    heading = load_strings(lang).t("methods_coder_validation")
    start = html.index(f"<h4>{heading}</h4>")
    end = html.index("<h3>", start)
    text = re.sub(r"<[^>]+>", " ", html[start:end])
    return re.sub(r"\s+", " ", text).replace("&#34;", '"').replace("&#39;", "'")


def _rows(html: str, lang: str) -> dict[str, list[str]]:
    """Label → cells of the coder table's body rows."""
    heading = load_strings(lang).t("methods_coder_validation")
    part = html[html.index(f"<h4>{heading}</h4>"):]
    part = part[:part.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", part, flags=re.S):
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def _with(result: AnalysisResult, record: dict[str, Any] | None) -> AnalysisResult:
    result.corpus["coder_validation"] = record
    return result


def test_the_record_describes_the_packaged_coder_and_codebook() -> None:
    data, model = _file(), json.loads(LEARNED.read_text(encoding="utf-8"))
    assert data["codebook_version"] == load_codebook().version
    assert data["coder_version"] == {"version": model["version"], "training_data_sha256": model["training_data_sha256"]}
    assert (data["test"]["n"], data["shifted"]["n"], data["human"]["n"]) == (244, 161, 705)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_methods_show_the_coder_table_from_the_file(result: AnalysisResult, lang: str) -> None:
    data = _file()
    html = render_html(_with(result, coder_validation(load_codebook())), lang)
    strings = load_strings(lang)
    rows = _rows(html, lang)
    variables = [k for k in data["test"] if k != "n"]
    assert len(variables) == 9
    for var in variables:
        label = strings.column(var, "coder_validation")
        assert label in strings.columns.values()  # the report's own label for the variable, not its code
        assert rows[label] == [_alpha(data[split][var], lang) for split in ("test", "shifted", "human")]
    text = _subsection(html, lang)
    for split in ("test", "shifted", "human"):
        assert f"n = {data[split]['n']}" in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_sentence_names_the_weak_variables(result: AnalysisResult, lang: str) -> None:
    data = _file()
    strings = load_strings(lang)
    text = _subsection(render_html(_with(result, coder_validation(load_codebook())), lang), lang)
    sentence = text[text.index(strings.t("methods_coder_weak", tentative="@", names="@").split("@")[0]):]
    sentence = sentence[:sentence.index(".", sentence.index(":") + 1) + 1]
    assert _alpha(0.667, lang) in sentence
    for var in (k for k in data["test"] if k != "n"):
        named = strings.column(var, "coder_validation") in sentence.split(": ", 1)[1]
        assert named == (data["test"][var] < 0.667), var  # judged by the test sample


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_tentative_and_reliable_variables_get_their_own_words(result: AnalysisResult, lang: str) -> None:
    record = coder_validation(load_codebook())
    strong = copy.deepcopy(record)
    for var in (k for k in strong["test"] if k != "n"):
        strong["test"][var] = strong["shifted"][var] = 0.9
    strings = load_strings(lang)
    bands = {"tentative": _alpha(0.667, lang), "rely": _alpha(0.8, lang)}
    assert strings.t("methods_coder_all_reliable", **bands) in _subsection(render_html(_with(result, strong), lang), lang)
    strong["test"]["tone"] = 0.7
    text = _subsection(render_html(_with(result, strong), lang), lang)
    tone = strings.column("tone", "coder_validation")
    assert strings.t("methods_coder_tentative", names=tone, **bands) in text
    assert strings.t("methods_coder_all_reliable", **bands) not in text
    # a variable clearly lower on the new corpus than on the test sample gets the caution sentence
    strong["shifted"]["genre"] = 0.6
    text = _subsection(render_html(_with(result, strong), lang), lang)
    genre = strings.column("genre", "coder_validation")
    assert strings.t("methods_coder_new_corpus", names=genre) in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_project_codebook_gets_a_sentence_instead_of_the_table(result: AnalysisResult, lang: str,
                                                                 tmp_path: Path) -> None:
    own = tmp_path / "my-codebook.yaml"
    shutil.copy(DEFAULT_PATH, own)
    record = coder_validation(load_codebook(own))
    assert record["applies"] is False
    html = render_html(_with(result, record), lang)
    text = _subsection(html, lang)
    expected = load_strings(lang).t("methods_coder_other_codebook", project=load_codebook(own).version,
                                    packaged=_file()["codebook_version"])
    assert expected in text
    assert _alpha(_file()["test"]["union"], lang) not in text
    start = html.index(f"<h4>{load_strings(lang).t('methods_coder_validation')}</h4>")
    assert "<table" not in html[start:html.index("<h3>", start)]


def test_an_analysis_without_the_record_says_so(result: AnalysisResult) -> None:
    result.corpus.pop("coder_validation", None)
    assert load_strings("ru").t("methods_coder_unknown") in _subsection(render_html(result, "ru"), "ru")


def test_the_english_subsection_has_no_russian(result: AnalysisResult, tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    shutil.copy(DEFAULT_PATH, own)
    for record in (coder_validation(load_codebook()), coder_validation(load_codebook(own)), None):
        text = _subsection(render_html(_with(result, record), "en"), "en")
        assert not CYRILLIC.search(text), text
        assert "_" not in text  # no snake_case names or bare codes


def test_the_analysis_of_a_project_carries_the_record_for_its_codebook(project: Project, tmp_path: Path) -> None:
    """Through the Project: the packaged codebook gets the figures; after `codebook use` of an own file, the sentence."""
    from regionlens.pipeline.analyze import analyze_project

    packaged, _ = analyze_project(project)
    assert packaged.corpus["coder_validation"]["applies"] is True
    assert packaged.corpus["coder_validation"]["test"] == _file()["test"]
    own = tmp_path / "own-codebook.yaml"
    shutil.copy(DEFAULT_PATH, own)
    project.set_codebook(own)
    result, _ = analyze_project(project)
    assert result.corpus["coder_validation"]["applies"] is False
    html = render_html(result, "en")
    assert load_strings("en").t("methods_coder_other_codebook", project=load_codebook(own).version,
                                packaged=_file()["codebook_version"]) in _subsection(html, "en")
