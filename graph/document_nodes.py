"""Documents, their sections and the citations between them, read into a graph being built.

A Document node is labelled by its 文号, else its title, else its first line (only such a
document's text is read); a Section is PART_OF its parent section, or of its document.
A citation joins the citing document to the cited one, found by its 文号 in any
spelling or, for a citation without one, by its exact title; a document not in the
store becomes a stub node.  :func:`graph.build.build_graph` calls :func:`add_documents`
before the tasks, which are placed in the sections it leaves in
``graph.graph["section_by_path"]``.
"""

from __future__ import annotations

import networkx as nx
from sqlmodel import Session

from graph.edges import CITES, IMPLEMENTS, PART_OF, add_edge, add_shared_node, node_id, source_attrs
from graph.section_paths import SectionPaths
from graph.shared_values import Interner
from store import graph_rows as rows_of
from store.fingerprint import normalised_number, normalised_text
from store.labels import document_label, first_line


def add_documents(graph: nx.MultiDiGraph, session: Session, share: Interner) -> None:
    """Add every stored document, its sections and its citations to ``graph``, the
    values shared through the build's ``share``."""
    # The text column is large and never needed in the graph: the headers come without it.
    by_number: dict[str, str] = {}
    by_title: dict[str, str] = {}
    rows = rows_of.document_headers(session=session)
    untitled = [doc.id for doc in rows if not doc.number and not doc.title and doc.id is not None]
    # Only a document with neither number nor title needs its text: its first line names it.
    first_lines = {i: first_line(text) for i, text in
                   rows_of.document_texts(session=session, document_ids=untitled).items()}
    for doc in rows:
        nid = node_id("document", doc.id or 0)
        label = doc.number or doc.title or first_lines.get(doc.id or 0) or document_label(None, None, "")
        add_shared_node(graph, share, nid, kind="Document", label=label,
                       db_id=doc.id, key=doc.key, number=doc.number, title=doc.title,
                       issued_on=doc.issued_on, issuer=doc.issuer,
                       withdrawn_on=doc.withdrawn_on, superseded_on=doc.superseded_on,
                       superseded_by=doc.superseded_by, jurisdiction_id=doc.jurisdiction_id)
        spelled = normalised_number(doc.number)
        if spelled:
            by_number.setdefault(spelled, nid)
        if doc.title:
            by_title.setdefault(_title_key(doc.title), nid)
    # per document, keyed by the nodes' own (shared) path strings: graph.section_paths
    by_document: dict[int | None, dict[str, str]] = {}
    by_path = SectionPaths(by_document)
    # streamed, twice: a whole table of rows, freed after the build kept some of their
    # values, left its small blocks free among the snapshot's (4 MB of ints at scale M)
    for s in rows_of.sections_streamed(session=session):
        nid = node_id("section", s.id or 0)
        by_document.setdefault(s.document_id, {})[share(s.path)] = nid
        add_shared_node(graph, share, nid, kind="Section", label=f"{s.path} {s.heading}".strip(), db_id=s.id,
                       document_id=s.document_id, path=s.path, heading=s.heading,
                       start=s.start, end=s.end)
    for document_id, path, label in rows_of.section_labels(session=session):
        parent = _parent_section(by_path, document_id, path, label)
        add_edge(graph, by_path[(document_id, path)],
                 parent or node_id("document", document_id), PART_OF)
    graph.graph["section_by_path"] = by_path
    for c in rows_of.all_citations(session=session):
        citing = node_id("document", c.document_id)
        # by 文号 in any spelling, else (a citation without one) by its exact title
        target = (by_number.get(normalised_number(c.number) or "")
                  or (by_title.get(_title_key(c.title)) if c.title and not c.number else None))
        if target is None:
            target = f"cited:{c.number or c.title}"
            add_shared_node(graph, share, target, kind="Document", label=c.number or c.title or "?",
                           number=c.number, title=c.title, db_id=None, stub=True)
        elif target == citing:
            continue  # a document quoting its own number cites nothing
        add_edge(graph, citing, target, CITES, share=share, citation=c.kind, cited_number=c.number,
                 cited_title=c.title, **source_attrs(c, share))
        if c.kind == "implements" and not graph.nodes[target].get("stub"):
            add_edge(graph, citing, target, IMPLEMENTS)


def _title_key(title: str) -> str:
    """A title as citations are matched on it: normalised, without 《》.

    >>> _title_key("《浙江省山海协作产业园管理办法》") == _title_key("浙江省山海协作产业园管理办法")
    True
    """
    return normalised_text(title).strip("《》")


def _parent_section(by_path: SectionPaths, document_id: int, path: str,
                    label: str) -> str | None:
    """The section whose path is this one's minus its own label (二(二)3 → 二(二))."""
    if label and path.endswith(label) and len(path) > len(label):
        return by_path.get((document_id, path[: -len(label)]))
    return None
