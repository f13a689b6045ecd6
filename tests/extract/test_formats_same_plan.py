"""One invented plan in three forms and four formats extracts to the same work.

(a) a 印发通知 followed by the plan, (b) a notice with the plan as 附件, (c) the plan with
its 任务分工表 (responsibilities only in the table); each as .txt, .html (a one-line page
with site chrome) and .docx, (a) and (c) as PDFs printed by chromium (a ruled table
spread over two pages in (c)), and (a) as OFD.  The fixtures and the
script that wrote them are in ``fixtures/same_plan/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_bytes
from extract.model import Extraction

FIXTURES = Path(__file__).parent / "fixtures" / "same_plan"
REFERENCE = "plan_a.txt"
FORMS = ["plan_a.html", "plan_a.docx", "plan_a.pdf", "plan_a.ofd", "plan_b.txt", "plan_b.html", "plan_b.docx",
         "plan_c.txt", "plan_c.html", "plan_c.docx", "plan_c.pdf"]


def _extract(name: str) -> Extraction:
    path = FIXTURES / name
    return extract_bytes(path.read_bytes(), path.name)


def _tasks(extraction: Extraction) -> set[str]:
    return {t.path for t in extraction.tasks if t.units}


def _units(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(t.path, u.name, u.role) for t in extraction.tasks for u in t.units}


def _deadlines(extraction: Extraction) -> set[tuple[str, str | None]]:
    return {(d.path, d.key) for d in extraction.deadlines}


def _targets(extraction: Extraction) -> set[tuple[str, float, str, str]]:
    return {(t.path, t.value, t.unit, t.comparator) for t in extraction.targets}


@pytest.fixture(scope="module")
def reference() -> Extraction:
    return _extract(REFERENCE)


def test_reference_form_reads_the_whole_plan(reference: Extraction) -> None:
    # What the plan says, read by a person: the other forms are compared with this.
    assert _tasks(reference) == {"一(一)", "一(二)", "二(一)1", "二(一)2", "二(二)"}
    assert ("一(一)", "县交通运输局", "lead") in _units(reference)
    assert ("一(一)", "县自然资源局", "co") in _units(reference)
    assert ("二(一)2", "各乡镇人民政府", "co") in _units(reference)
    assert _deadlines(reference) >= {("一(一)", "2027-06-30"), ("一(二)", "quarterly"),
                                     ("二(二)", "2027-03-31")}
    assert ("二(一)2", 1.2, "万人", ">=") in _targets(reference)


@pytest.mark.parametrize("name", FORMS)
def test_every_form_extracts_the_same_tasks_units_and_deadlines(
    reference: Extraction, name: str
) -> None:
    extraction = _extract(name)
    assert _tasks(extraction) == _tasks(reference)
    assert _units(extraction) == _units(reference)
    assert _deadlines(extraction) == _deadlines(reference)
    assert _targets(extraction) == _targets(reference)


@pytest.mark.parametrize("name", [f for f in FORMS if not f.startswith("plan_c")])
def test_notice_forms_read_the_notice_header(reference: Extraction, name: str) -> None:
    header, expected = _extract(name).document, reference.document
    fields = ("title", "number", "issuer", "issued_on")
    assert [getattr(header, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert header.number == "青政办发〔2026〕12号"
    assert header.title == "青湖县人民政府办公室关于印发湖畔小镇建设行动方案的通知"
