"""Rows for the tests of the lists read by key: documents whose keys sort differently by
code point and by a locale, review items interleaved across them with some decided, and
audit entries three to an instant."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from store.audit import record_audit
from store.review.items import add_review_item, decide_review_item
from store.tables import DataVersion, Document

# Mixed case, punctuation and Chinese: code-point order differs from a locale's.
KEYS = ["B_plan", "a-plan", "A2", "a_plan", "Zeta", "中文方案", "_first", "b10", "b9"]
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def fill(session: Session) -> list[int]:
    """Nine documents; documents 1, 3, 5 … hold review items, some decided."""
    ids = []
    for n, key in enumerate(KEYS):
        doc = Document(key=key, sha256="0" * 64, text="正文", number=f"测试〔2026〕{n}号",
                       title=f"关于第{n}项工作的 意见")
        session.add(doc)
        session.flush()
        assert doc.id is not None
        ids.append(doc.id)
    # items added across documents in an interleaved order: ids do not follow documents
    for round_ in range(4):
        for doc_id in ids[::2]:
            item = add_review_item(session=session, document_id=doc_id, kind="unmatched_row",
                                   quote=f"第{round_}行")
            if (doc_id + round_) % 3 == 0:
                decide_review_item(session=session, item_id=item.id or 0, decision="dismiss")
    for i in range(23):  # three at each instant: the id breaks the tie
        record_audit(session=session, action="report_progress", target=f"report:{i}",
                     at=T0 + dt.timedelta(minutes=i // 3))
    version = session.get(DataVersion, 1) or DataVersion(id=1)
    version.version += 1  # the servers' graphs see the new documents
    session.add(version)
    session.commit()
    return ids


