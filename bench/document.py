"""Compose one synthetic policy document and the manifest record of what it contains.

A document is a pure function of ``(seed, index)``: its own :class:`random.Random` is
seeded from both, so document 7 of seed 1 is the same whether scale S or L is written,
and documents can be generated in any order.

Layout follows GB/T 9704 and the real documents in ``data/corpus``: optional web-page
furniture, the title (sometimes split after 关于), the number, the addressees, a
preamble citing other documents, 一、指导思想, 二、主要任务 (tasks under (一)/1./(1),
each with a responsibility clause), 三、保障措施, the issuer line and the date line.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from bench import header, phrases, prose
from bench.responsibility import FORMS, FULL, HALF, Punctuation, responsibility_clause
from bench.vocabulary import CITIES, full_name, place_kind

CN_NUMERALS = "一二三四五六七八九十"
# Full-width documents: the body's ASCII punctuation becomes full-width (never the '.'
# of 1.5亿元, nor furniture, which is page markup).
FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


@dataclass
class Draft:
    """What has been written so far, and the ground truth collected along the way."""

    rng: random.Random
    issuer: header.Issuer
    topic: str
    year: int
    punct: Punctuation
    paragraphs: list[str] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    cites: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)

    def section(self, path: str, label: str, level: int, heading: str) -> None:
        self.sections.append({"path": path, "label": label, "level": level, "heading": heading})


def _label(draft: Draft, level: int, n: int) -> tuple[str, str]:
    """The written label and its path form: ('(一)', '(一)'), ('1．', '1') …"""
    numeral = CN_NUMERALS[n - 1]
    if level == 1:
        return numeral + "、", numeral
    if level == 2:
        return f"({numeral})", f"({numeral})"
    if level == 3:
        return f"{n}{'．' if draft.punct.full else '.'}", str(n)
    return f"({n})", f"({n})"


def _deadline_sentence(draft: Draft, path: str) -> str:
    raw, truth = phrases.deadline_phrase(draft.rng, draft.year)
    draft.deadlines.append({"path": path, **truth})
    return f"{raw},{prose.pick(draft.rng, prose.ACTS, draft.topic)}。"


def _target_sentence(draft: Draft, path: str) -> str:
    rng = draft.rng
    text, truth = phrases.target_phrase(rng)
    scope = rng.choice(("全" + draft.issuer.prefix, "每个乡镇", "结对县〈市、区〉", ""))
    period, due, lead = "once", None, ""
    if rng.random() < 0.5:
        period = "yearly"
        lead = "每年"
    elif rng.random() < 0.6:
        raw, deadline = phrases.deadline_phrase(rng, draft.year)
        draft.deadlines.append({"path": path, **deadline})
        period = "yearly" if deadline["recurrence"] == "yearly" else "cumulative"
        due = deadline["due"] if period == "cumulative" else None
        lead = raw + ","
    draft.targets.append({"path": path, "scope": scope or None, "period": period, "due": due,
                          **truth})
    return f"{lead}{scope}{'实现' if rng.random() < 0.5 else ''}{text}。"


def _places_sentence(draft: Draft) -> str:
    city = draft.issuer.place if draft.issuer.place in CITIES else draft.rng.choice(list(CITIES))
    a, b = draft.rng.sample(CITIES[city][1], k=2)
    for name in (a, b):
        if any(p["name"] == name for p in draft.places):
            continue
        draft.places.append({"name": name, "kind": place_kind(name), "city": city,
                             "full_name": full_name(name)})
    return f"积极推进{a[:2]}—{b[:2]}“飞地”产业园建设,支持{a}与{b}合作共建{draft.topic}平台。"


def _task(draft: Draft, path: str, heading: str) -> str:
    """The body of one task: prose, facts, and a responsibility clause in a random form."""
    rng = draft.rng
    form = rng.choice(FORMS)
    verb = prose.pick(rng, prose.SUBJECT_VERBS, draft.topic)
    clause, units = responsibility_clause(rng, form=form, prefix=draft.issuer.prefix,
                                          level=draft.issuer.level, punct=draft.punct,
                                          verb_phrase=verb)
    parts = [prose.sentences(rng, draft.topic, rng.randint(2, 5))]
    if rng.random() < 0.25:
        cited, truth = header.citation(rng, draft.year)
        draft.cites.append({"path": path, **truth})
        parts.insert(0, f"按照{cited}的要求,{prose.sentences(rng, draft.topic, 1)}")
    if rng.random() < 0.7:
        parts.append(_target_sentence(draft, path))
    if rng.random() < 0.6:
        parts.append(_deadline_sentence(draft, path))
    if rng.random() < 0.15:
        parts.append(_places_sentence(draft))
    if form == "subject":
        parts.insert(0, clause + "。")
    body = "".join(parts)
    if form == "paren":
        body += clause
    elif form in ("line", "lead-co"):
        body += "\n" + clause
    draft.tasks.append({"path": path, "heading": heading, "form": form, "clause": clause,
                        "units": units})
    return body


def _tasks_part(draft: Draft, label1: str, path1: str) -> None:
    rng = draft.rng
    draft.paragraphs.append(label1 + (heading1 := rng.choice(prose.LEVEL1["tasks"])))
    draft.section(path1, path1, 1, heading1)
    headings2 = rng.sample(prose.LEVEL2, k=rng.randint(3, 5))
    for i, template in enumerate(headings2, start=1):
        label2, p2 = _label(draft, 2, i)
        heading2 = template.format(t=draft.topic)
        path2 = path1 + p2
        draft.section(path2, p2, 2, heading2)
        if rng.random() < 0.35:  # a leaf (一): heading line, then the task paragraph
            draft.paragraphs.append(f"{label2}{heading2}。")
            draft.paragraphs.append(_task(draft, path2, heading2))
            continue
        draft.paragraphs.append(f"{label2}{heading2}。")
        for j, template3 in enumerate(rng.sample(prose.LEVEL3, k=rng.randint(2, 4)), start=1):
            label3, p3 = _label(draft, 3, j)
            heading3 = template3.format(t=draft.topic)
            path3 = path2 + p3
            draft.section(path3, p3, 3, heading3)
            if rng.random() < 0.15:  # 1. with (1) (2) … beneath it
                draft.paragraphs.append(f"{label3}{heading3}。" + prose.sentences(rng, draft.topic, 1))
                for k, template4 in enumerate(rng.sample(prose.LEVEL4, k=2), start=1):
                    label4, p4 = _label(draft, 4, k)
                    heading4 = template4.format(t=draft.topic)
                    draft.section(path3 + p4, p4, 4, heading4)
                    body = _task(draft, path3 + p4, heading4)
                    draft.paragraphs.append(f"{label4}{heading4}。{body}")
                continue
            draft.paragraphs.append(f"{label3}{heading3}。" + _task(draft, path3, heading3))


def _safeguards_part(draft: Draft, label1: str, path1: str) -> None:
    rng = draft.rng
    draft.paragraphs.append(label1 + (heading1 := rng.choice(prose.LEVEL1["safeguards"])))
    draft.section(path1, path1, 1, heading1)
    for i, heading in enumerate(rng.sample(prose.SAFEGUARDS, k=rng.randint(3, 5)), start=1):
        label2, p2 = _label(draft, 2, i)
        path = path1 + p2
        draft.section(path, p2, 2, heading)
        body = prose.sentences(rng, draft.topic, rng.randint(2, 3))
        if i == 1 and rng.random() < 0.5:  # 组织开展年中调研督查, as the real documents do
            raw, truth = phrases.midyear_phrase(draft.year)
            draft.deadlines.append({"path": path, **truth})
            body += f"组织开展{raw}调研督查、年度工作考核。"
        elif rng.random() < 0.4:
            body += _deadline_sentence(draft, path)
        draft.paragraphs.append(f"{label2}{heading}。{body}")


def compose(seed: int, index: int) -> tuple[str, dict[str, Any]]:
    """Write document ``index`` of corpus ``seed``.

    Returns
    -------
    tuple
        ``(text, record)``: the document text and its manifest record (everything but
        the file name and encoding, which the writer adds).
    """
    rng = random.Random(f"policygraph-bench:{seed}:{index}")
    issuer = header.draw_issuer(rng)
    year = rng.randint(2017, 2023)
    issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    genre = rng.choice(header.GENRES)
    topic, title = header.title(rng, issuer, genre, year)
    rng.randint(1, 80)  # the serial once drawn here: still drawn, so the rest stays the same
    # A 文号 identifies a document (the store merges two with one number): each is unique.
    number = header.document_number(issuer, year, index + 1)
    punct = FULL if rng.random() < 0.3 else HALF
    furniture = rng.random() < 0.4
    draft = Draft(rng=rng, issuer=issuer, topic=topic, year=year, punct=punct)
    draft.places.append({"name": issuer.place, "kind": issuer.level if issuer.level != "county"
                         else place_kind(issuer.place), "city": None,
                         "full_name": issuer.full_name})

    title_lines = [title]
    if "关于" in title and rng.random() < 0.5:  # split like 温州市人民政府关于\n打造…
        head, tail = title.split("关于", 1)
        title_lines = [head + "关于", tail]
    cited, truth = header.citation(rng, year)
    draft.cites.append({"path": "", **truth})
    draft.paragraphs += ["\n".join(title_lines), number, header.addressees(issuer),
                         f"为深入贯彻落实省委、省政府{cited}精神,{prose.sentences(rng, topic, 1)}"
                         f"现就{topic}工作提出如下意见:"]
    label, path = _label(draft, 1, 1)
    draft.section(path, path, 1, heading := rng.choice(prose.LEVEL1["guiding"]))
    draft.paragraphs += [label + heading,
                         "".join(g.format(t=topic) + "。" for g in rng.sample(prose.GUIDING, k=2))
                         + prose.sentences(rng, topic, 2)]
    n = 2
    if rng.random() < 0.3:  # 二、主要目标: targets without a responsible unit
        label, path = _label(draft, 1, n)
        draft.section(path, path, 1, heading := rng.choice(prose.LEVEL1["goals"]))
        goals = "".join(_target_sentence(draft, path) for _ in range(rng.randint(1, 3)))
        draft.paragraphs += [label + heading, prose.sentences(rng, topic, 1) + goals]
        n += 1
    _tasks_part(draft, *_label(draft, 1, n))
    _safeguards_part(draft, *_label(draft, 1, n + 1))
    draft.paragraphs += [issuer.name, header.date_line(issued), "(此件公开发布)"]

    gap = "\n\n" if rng.random() < 0.7 else "\n"
    body = gap.join(draft.paragraphs)
    if punct.full:
        body = body.translate(FULL_WIDTH)
        title = title.translate(FULL_WIDTH)
        for task in draft.tasks:  # the manifest quotes clauses exactly as written
            task["clause"] = task["clause"].translate(FULL_WIDTH)
    if furniture:  # page markup: added after the width change, it keeps its ASCII colons
        title_end = len("\n".join(title_lines))  # the width change keeps lengths
        body = (body[:title_end] + "\n\n" + header.web_furniture_line(issuer, issued)
                + body[title_end:])
        body = ("\n".join(header.web_furniture_head(issuer, number, issued)) + "\n\n" + body
                + "\n\n" + header.WEB_FURNITURE_TAIL)
    record = {
        "index": index, "genre": genre, "title": title, "number": number,
        "issuer": issuer.name, "issuer_level": issuer.level, "issued_on": issued.isoformat(),
        "jurisdiction": issuer.full_name,  # the government its units belong to
        "topic": topic, "full_width": punct.full, "furniture": furniture,
        "n_tasks": len(draft.tasks), "cites": draft.cites, "sections": draft.sections,
        "tasks": draft.tasks, "targets": draft.targets, "deadlines": draft.deadlines,
        "places": draft.places,
    }
    return body + "\n", record

