"""Every corpus document reads the same from .txt, from a one-line HTML page and from a .docx.

The pages and .docx files are made here from the shared corpus (never committed): each
line a paragraph, each tab-separated run of lines a table, the corpus title line as the
page's declared title.  Whatever the extractor reads in the text it must read in the other
formats: same tasks and units, targets, deadlines and header.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import docx
import pytest

from evaluation.facts import PARTS, extraction_facts
from evaluation.run import CORPUS_DIR, corpus_documents
from extract import extract_bytes

DOCUMENTS = corpus_documents(CORPUS_DIR) if CORPUS_DIR.is_dir() else []


def _blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraph lines and tables (runs of tab-separated lines), in order."""
    blocks: list[str | list[list[str]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(line.split("\t"))
            else:
                blocks.append([line.split("\t")])
        else:
            blocks.append(line)
    return blocks


def _split_metadata(text: str) -> tuple[str | None, str]:
    lines = text.split("\n")
    title = None
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].partition(":")
        if key.strip() == "title":
            title = value.strip()
    return title, "\n".join(lines)


def as_html(text: str) -> bytes:
    title, body = _split_metadata(text)
    parts = []
    for block in _blocks(body):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>" if block.strip() else "")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in block)
            parts.append(f"<table>{rows}</table>")
    head = f"<meta name='ArticleTitle' content='{html.escape(title)}'>" if title else ""
    return (f"<html><head><meta charset='utf-8'>{head}</head><body>"
            f"<div class='nav'>首页 | 政策文件</div>{''.join(parts)}</body></html>").encode()


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for block in _blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.skipif(not DOCUMENTS, reason=f"shared corpus not found at {CORPUS_DIR}")
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem[:24])
@pytest.mark.parametrize("form", ["html", "docx"])
def test_corpus_document_reads_the_same_in_every_format(path: Path, form: str) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8").replace("\r\n", "\n")
    expected = extraction_facts(extract_bytes(raw, path.name, key=path.stem))
    data = as_html(text) if form == "html" else as_docx(text)
    found = extraction_facts(extract_bytes(data, f"{path.stem}.{form}", key=path.stem))
    for part in PARTS:
        assert found.part(part) == expected.part(part), (
            part, sorted(expected.part(part) - found.part(part))[:5],
            sorted(found.part(part) - expected.part(part))[:5])


PRINTED = [p for p in DOCUMENTS if p.stem.startswith(("16_", "22_"))]
PRINT_STYLE = ("<style>body{font-family:'Noto Serif CJK SC',serif;font-size:16pt}"
               "p{text-indent:2em;margin:0}table{border-collapse:collapse}"
               "td{border:1px solid #000}</style>")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not PRINTED, reason=f"shared corpus not found at {CORPUS_DIR}")
def test_corpus_documents_printed_to_pdf_read_the_same(tmp_path: Path) -> None:
    # Long documents: paragraphs wrap raggedly and run over page breaks.
    from tests.browser import chromium

    with chromium() as browser:
        page = browser.new_page()
        for path in PRINTED:
            raw = path.read_bytes()
            page.set_content(as_html(raw.decode("utf-8")).decode()
                             .replace("</head>", PRINT_STYLE + "</head>"))
            pdf = tmp_path / f"{path.stem}.pdf"
            page.pdf(path=str(pdf), format="A4", margin={"top": "37mm", "bottom": "35mm",
                                                       "left": "28mm", "right": "26mm"})
            expected = extraction_facts(extract_bytes(raw, path.name, key=path.stem))
            found = extraction_facts(extract_bytes(pdf.read_bytes(), pdf.name, key=path.stem))
            # The header is left out: a printed page keeps no <meta> title.
            for part in ("units", "targets", "deadlines"):
                assert found.part(part) == expected.part(part), (path.stem, part)
