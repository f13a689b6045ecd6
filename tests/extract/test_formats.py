"""Reading the formats documents come in: .docx 公文 layout and tables, government HTML
pages, PDF with and without a text layer, and files that must be refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import ExtractError, extract_bytes
from extract.decode import decode_document
from extract.formats.pdf import unify_radicals

SAME_PLAN = Path(__file__).parent / "fixtures" / "same_plan"


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraphs(*lines: str):
    def build(document) -> None:
        for line in lines:
            document.add_paragraph(line)
    return build


def test_docx_red_header_number_and_title_stay_separate_lines() -> None:
    data = _docx(_paragraphs("青湖县人民政府文件", "青政发〔2026〕9号",
                             "青湖县人民政府关于加快湖畔小镇建设的实施意见",
                             "各乡镇人民政府，县政府各部门：", "一、重点任务",
                             "（一）完善道路。（责任单位：县交通运输局）"))
    text = decode_document(data, "notice.docx")
    assert text.split("\n")[:3] == ["青湖县人民政府文件", "青政发〔2026〕9号",
                                    "青湖县人民政府关于加快湖畔小镇建设的实施意见"]
    header = extract_bytes(data, "notice.docx").document
    assert header.number == "青政发〔2026〕9号"
    assert header.title == "青湖县人民政府关于加快湖畔小镇建设的实施意见"


def test_docx_text_box_is_read_before_its_paragraph() -> None:
    def build(document) -> None:
        paragraph = document.add_paragraph("青政发〔2026〕9号")
        box = parse_xml(
            f"<w:r {nsdecls('w')} xmlns:v='urn:schemas-microsoft-com:vml'>"
            "<w:pict><v:shape><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>青湖县人民政府文件</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
        paragraph._p.insert(0, box)
    assert decode_document(_docx(build), "box.docx").split("\n")[:2] == [
        "青湖县人民政府文件", "青政发〔2026〕9号"]


def test_docx_table_rows_in_document_order_with_merged_cells_empty() -> None:
    def build(document) -> None:
        document.add_paragraph("附件")
        table = document.add_table(rows=4, cols=4)
        for row, cells in enumerate([["序号", "任务", "牵头单位", "配合单位"],
                                     ["1", "修路", "县交通局", "县财政局"],
                                     ["2", "建桥", "", "县水利局"],
                                     ["合计", "", "", ""]]):
            for column, text in enumerate(cells):
                if text:
                    table.cell(row, column).text = text
        table.cell(1, 2).merge(table.cell(2, 2))  # one lead over two rows
        table.cell(3, 0).merge(table.cell(3, 3))  # a row spanning every column
        document.add_paragraph("以上任务按期完成。")
    lines = decode_document(_docx(build), "table.docx").split("\n")
    assert lines == ["附件", "序号\t任务\t牵头单位\t配合单位", "1\t修路\t县交通局\t县财政局",
                     "2\t建桥\t\t县水利局", "合计", "以上任务按期完成。"]


def test_docx_cell_with_several_paragraphs_stays_one_row() -> None:
    def build(document) -> None:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "修路"
        cell = table.cell(0, 1)
        cell.text = "县交通局"
        cell.add_paragraph("县财政局")
    assert decode_document(_docx(build), "cells.docx") == "修路\t县交通局 县财政局"


def test_html_table_rowspan_and_colspan_become_empty_cells() -> None:
    page = ("<table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>"
            "<tr><td>1</td><td>修路</td><td rowspan='2'>县交通局</td></tr>"
            "<tr><td>2</td><td>建桥</td></tr>"
            "<tr><td colspan='2'>合计</td><td>2项</td></tr></table>")
    assert decode_document(page.encode(), "t.html") == (
        "序号\t任务\t牵头单位\n1\t修路\t县交通局\n2\t建桥\t\n合计\t\t2项\n")


def test_html_tables_keep_document_order_with_paragraphs() -> None:
    page = "<p>一、任务</p><table><tr><td>1</td><td>修路</td></tr></table><p>二、保障</p>"
    assert decode_document(page.encode(), "o.html") == "一、任务\n\n1\t修路\n\n二、保障\n"


def test_html_layout_table_holding_the_article_keeps_its_paragraphs() -> None:
    article = "".join(f"<p>（{n}）第{n}项工作要认真落实。</p>" for n in "一二三四五六七八九十")
    page = f"<table><tr><td class='side'>栏目</td><td>{article}</td></tr></table>"
    lines = decode_document(page.encode(), "layout.html").split("\n")
    assert "（一）第一项工作要认真落实。" in lines and "（十）第十项工作要认真落实。" in lines


ONE_LINE_PAGE = (
    "<html><head><meta charset='utf-8'><title>青湖县人民政府关于加快湖畔小镇建设的实施意见"
    "_青湖县人民政府</title></head><body><div class='nav'>首页 | 政府信息公开</div>"
    "<div class='crumbs'>当前位置：首页 &gt; 文件</div>"
    "<div class='title'>青湖县人民政府关于加快湖畔小镇建设的实施意见</div>"
    "<div class='con'><p>青政发〔2026〕9号</p><p>各乡镇人民政府，县政府各部门：</p>"
    "<p>为加快湖畔小镇建设，提出如下意见。</p><p>一、重点任务</p>"
    "<p>（一）完善道路。2027年6月底前建成道路12公里以上。（责任单位：县交通运输局）</p>"
    "<p>青湖县人民政府</p><p>2026年3月2日</p></div>"
    "<div class='footer'>网站标识码 0000000000</div></body></html>")


def test_one_line_html_page_finds_title_issuer_and_date() -> None:
    assert "\n" not in ONE_LINE_PAGE
    result = extract_bytes(ONE_LINE_PAGE.encode("utf-8"), "page.html")
    header = result.document
    assert header.title == "青湖县人民政府关于加快湖畔小镇建设的实施意见"
    assert header.issuer == "青湖县人民政府"
    assert header.issued_on is not None and header.issued_on.isoformat() == "2026-03-02"
    assert header.number == "青政发〔2026〕9号"
    assert "首页" not in result.text and "网站标识码" not in result.text
    assert [(t.path, [u.name for u in t.units]) for t in result.tasks] == [
        ("一(一)", ["县交通运输局"])]


def test_html_paragraphs_run_together_with_indents_are_split() -> None:
    page = "<div>\u3000\u3000一、重点任务\u3000\u3000（一）完善道路。\u3000\u3000（二）建设桥梁。</div>"
    lines = decode_document(page.encode(), "run.html").split("\n")
    assert [line.strip() for line in lines if line.strip()] == [
        "一、重点任务\u3000\u3000（一）完善道路。", "（二）建设桥梁。"]


def test_pdf_text_layer_reads_paragraphs_whole() -> None:
    text = decode_document((SAME_PLAN / "plan_a.pdf").read_bytes(), "plan_a.pdf")
    lines = text.split("\n")
    assert "青政办发〔2026〕12号" in lines
    # A clause wrapped over two printed lines is one line again.
    assert ("（一）建设环湖道路。2027年6月底前建成环湖道路12公里以上。"
            "（牵头单位：县交通运输局；配合单位：县财政局、县自然资源局）") in lines
    assert "2026年3月2日" in lines  # a right-aligned date is not joined to the next line


def test_pdf_radicals_read_as_the_ideographs_drawn() -> None:
    assert unify_radicals("⻘湖县⼈⺠政府") == "青湖县人民政府"
    assert unify_radicals("（一）") == "（一）"


def _pdf_without_text() -> bytes:
    """A one-page PDF that draws a line and has no text (what a scan's text layer is)."""
    stream = b"0 0 m 200 200 l S"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("name", ["scan.pdf", "scan.txt", "scan"])
def test_pdf_without_text_layer_is_refused_whatever_its_name(name: str) -> None:
    with pytest.raises(ExtractError, match="PDF without a text layer") as raised:
        decode_document(_pdf_without_text(), name)
    assert "\n" not in str(raised.value) and name in str(raised.value)


def test_pdf_header_is_never_read_as_a_target() -> None:
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n\x00\x01 broken"
    with pytest.raises(ExtractError, match="PDF"):
        extract_bytes(data, "notes.txt")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04 spreadsheet bytes", "sheet.xlsx", "unsupported file type .xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "scan.png", "unsupported file type .png"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.wps.txt", "legacy .doc/.xls"),
        (b"hello", "fake.pdf", "not a PDF file"),
    ],
)
def test_unsupported_files_get_one_clear_line(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message) as raised:
        decode_document(data, name)
    assert "\n" not in str(raised.value)


def _numbered_docx(items: list[tuple[int, str]]) -> bytes:
    """Headings numbered by a Word list: 一、 at level 0, （一） at level 1, 1. at level 2."""
    def build(document) -> None:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='%1、'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='（%2）'/></w:lvl>"
            "<w:lvl w:ilvl='2'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
            "<w:lvlText w:val='%3.'/></w:lvl></w:abstractNum>"))
        numbering.append(parse_xml(
            f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>"))
        for level, text in items:
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='90'/>"
                "</w:numPr>"))
    return _docx(build)


def test_docx_list_numbers_are_written_out_as_printed() -> None:
    data = _numbered_docx([(0, "重点任务"), (1, "完善道路。（责任单位：县交通运输局）"),
                           (1, "建设桥梁"), (2, "新建大桥。（责任单位：县水利局）"),
                           (2, "维修旧桥"), (0, "保障措施"), (1, "加强督查")])
    assert decode_document(data, "listed.docx").split("\n") == [
        "一、重点任务", "（一）完善道路。（责任单位：县交通运输局）", "（二）建设桥梁",
        "1.新建大桥。（责任单位：县水利局）", "2.维修旧桥", "二、保障措施", "（一）加强督查"]
    result = extract_bytes(data, "listed.docx")
    assert {(t.path, u.name) for t in result.tasks for u in t.units} == {
        ("一(一)", "县交通运输局"), ("一(二)1", "县水利局")}


def test_html_metadata_table_reads_as_key_value_lines_for_the_header() -> None:
    page = ("<table><tr><td>索引号：</td><td>QH-2026-01</td><td>发布机构：</td>"
            "<td>青湖县人民政府办公室</td></tr><tr><td>成文日期：</td><td>2026-03-02</td>"
            "<td>文号：</td><td>青政办发〔2026〕12号</td></tr></table>"
            "<h1>青湖县人民政府办公室关于做好湖畔小镇建设工作的通知</h1>"
            "<p>一、重点任务</p><p>（一）完善道路。（责任单位：县交通运输局）</p>")
    result = extract_bytes(page.encode("utf-8"), "meta.html")
    assert result.text.startswith("索引号：QH-2026-01\n发布机构：青湖县人民政府办公室\n")
    header = result.document
    assert (header.issuer, header.number) == ("青湖县人民政府办公室", "青政办发〔2026〕12号")
    assert header.issued_on is not None and header.issued_on.isoformat() == "2026-03-02"


_FRAGMENTS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<td rowspan='3'>",
              "<th colspan='x'>", "<td colspan='999999'>", "<p>", "</p>", "<br>", "<div class='nav'>",
              "</div>", "<script>", "</script>", "<head>", "<title>", "</title>", "一、任务",
              "（责任单位：县财政局）", "\u3000\u3000", "。", "&nbsp;", "\n", "\t"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
def test_any_tag_soup_decodes_to_text_or_one_clear_line(parts: list[str]) -> None:
    page = "".join(parts) + "<p>正文</p>"
    try:
        text = decode_document(page.encode("utf-8"), "soup.html")
    except ExtractError as error:  # an unclosed <script> or nav may hold everything after it
        assert "\n" not in str(error)
        return
    assert "<" not in text and text.endswith("\n") and "\n\n\n" not in text


def test_pdf_named_as_text_is_read_as_pdf_not_as_a_percentage() -> None:
    result = extract_bytes((SAME_PLAN / "plan_a.pdf").read_bytes(), "plan.txt")
    assert not result.text.startswith("%PDF")
    assert all(t.value != 1.4 for t in result.targets)
    assert result.document.number == "青政办发〔2026〕12号"


def test_html_table_holding_another_table_is_layout_and_keeps_both() -> None:
    page = ("<table><tr><td>栏目导航</td><td><p>一、重点任务</p><p>（一）完善道路。</p>"
            "<table><tr><td>序号</td><td>牵头单位</td></tr><tr><td>1</td><td>县交通局</td></tr>"
            "</table></td></tr></table>")
    lines = [line for line in decode_document(page.encode(), "nest.html").split("\n") if line]
    assert lines == ["栏目导航", "一、重点任务", "（一）完善道路。", "序号\t牵头单位", "1\t县交通局"]


def test_docx_line_break_inside_a_paragraph_is_a_new_line() -> None:
    def build(document) -> None:
        title = document.add_paragraph("青湖县人民政府关于")
        title.add_run().add_break()
        title.add_run("加快湖畔小镇建设的实施意见")
        document.add_paragraph("一、重点任务")
    data = _docx(build)
    assert decode_document(data, "br.docx").split("\n")[:3] == [
        "青湖县人民政府关于", "加快湖畔小镇建设的实施意见", "一、重点任务"]
    assert extract_bytes(data, "br.docx").document.title == "青湖县人民政府关于加快湖畔小镇建设的实施意见"


@pytest.mark.parametrize("name", ["page.txt", "page"])
def test_saved_web_page_is_read_as_html_whatever_its_name(name: str) -> None:
    result = extract_bytes(("<!DOCTYPE html>\n" + ONE_LINE_PAGE).encode("utf-8"), name)
    assert "<" not in result.text
    assert result.document.title == "青湖县人民政府关于加快湖畔小镇建设的实施意见"


def _ofd(content: str) -> bytes:
    namespace = "xmlns:ofd='http://www.ofdspec.org/2016'"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", f"<ofd:OFD {namespace}><ofd:DocBody><ofd:DocRoot>"
                                    "Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        archive.writestr("Doc_0/Document.xml", f"<ofd:Document {namespace}><ofd:Pages>"
                         "<ofd:Page ID='1' BaseLoc='/Doc_0/Pages/Page_0/Content.xml'/>"
                         "</ofd:Pages></ofd:Document>")
        archive.writestr("Doc_0/Pages/Page_0/Content.xml",
                         f"<ofd:Page {namespace}><ofd:Content><ofd:Layer>{content}"
                         "</ofd:Layer></ofd:Content></ofd:Page>")
    return buffer.getvalue()


def test_ofd_characters_on_one_baseline_are_one_line_whatever_the_name() -> None:
    objects = "".join(
        f"<ofd:TextObject Boundary='{28 + i * 5.6:.1f} 40 5.6 6' Size='5.6'>"
        f"<ofd:TextCode X='0' Y='5.6'>{ch}</ofd:TextCode></ofd:TextObject>"
        for i, ch in enumerate("一、完善道路"))
    objects += ("<ofd:TextObject Boundary='28 50 100 6' Size='5.6'><ofd:TextCode X='11.2' "
                "Y='5.6'>（一）修路。（责任单位：县交通局）</ofd:TextCode></ofd:TextObject>")
    for name in ("plan.ofd", "plan.zip.txt"):
        assert decode_document(_ofd(objects), name) == "一、完善道路\n（一）修路。（责任单位：县交通局）\n"


def test_ofd_without_text_is_refused() -> None:
    with pytest.raises(ExtractError, match="OFD without text") as raised:
        decode_document(_ofd("<ofd:ImageObject Boundary='0 0 210 297'/>"), "scan.ofd")
    assert "\n" not in str(raised.value)


def test_html_hidden_copy_of_the_text_is_not_read_twice() -> None:
    page = ("<p>一、重点任务</p><p>（一）修路。（责任单位：县交通局）</p>"
            "<div style='display: none'><p>一、重点任务</p></div><div hidden><p>（一）修路。</p></div>")
    assert decode_document(page.encode(), "hidden.html") == (
        "一、重点任务\n\n（一）修路。（责任单位：县交通局）\n")
