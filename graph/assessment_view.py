"""The assessment widget (分类分档考核): the ranking table of units or counties on a day."""

from __future__ import annotations

from dataclasses import dataclass

from graph.asof import AsOfContext, BadParameter
from graph.assessment import KINDS, Standing, standings
from graph.assessment_config import AssessmentConfig
from graph.names import resolve_jurisdiction
from i18n import t

DEFAULT_ROWS = 50
MAX_ROWS = 500
"""The most rows one widget shows (``?first=``, default :data:`DEFAULT_ROWS`)."""


@dataclass(frozen=True)
class AssessmentView:
    """What the assessment widget, the export and the CLI show."""

    as_of: str
    kind: str  # unit / place
    kind_label: str
    jurisdiction: str  # the full name asked about, or the word for everywhere
    rows: list[Standing]
    more: int  # ranked subjects beyond the rows shown
    weights: list[tuple[str, float]]
    bands: tuple[float, float, float]  # lowest scores of A, B and C

    @property
    def title(self) -> str:
        """考核表(浙江省温州市 · 单位 · 截至 2019-01-01)."""
        return t("assessment.title", jurisdiction=self.jurisdiction, kind=self.kind_label,
                 as_of=self.as_of)


def parse_kind(value: str | None) -> str:
    """``?kind=``: ``unit`` (default) or ``place``; :class:`BadParameter` otherwise.

    >>> parse_kind(None), parse_kind(" PLACE ")
    ('unit', 'place')
    """
    kind = (value or "unit").strip().lower()
    if kind not in KINDS:
        raise BadParameter(t("widget.error.bad_kind", value=kind[:20]))
    return kind


def parse_first(value: str | None) -> int:
    """``?first=``: how many rows, 1 to :data:`MAX_ROWS` (default :data:`DEFAULT_ROWS`).

    >>> parse_first(None), parse_first("3")
    (50, 3)
    """
    if value is None or not value.strip():
        return DEFAULT_ROWS
    try:
        first = int(value)
    except ValueError:
        first = 0
    if not 1 <= first <= MAX_ROWS:
        raise BadParameter(t("error.assessment.first", max=MAX_ROWS, value=value[:20]))
    return first


def assessment_view(context: AsOfContext, *, config: AssessmentConfig, kind: str = "unit",
                    jurisdiction: str | None = None, first: int = DEFAULT_ROWS
                    ) -> AssessmentView:
    """The standings on the reading's day, ``first`` of them.

    Raises
    ------
    graph.names.UnknownName
        When ``jurisdiction`` names nothing known.
    """
    graph = context.graph
    region = (resolve_jurisdiction(graph, jurisdiction)
              if jurisdiction and jurisdiction.strip() else None)
    rows = standings(graph, context.reports, as_of=context.as_of, config=config, kind=kind,
                     jurisdiction=region)
    where = (str(graph.graph["jurisdictions"][region]["full_name"]) if region is not None
             else t("assessment.everywhere"))
    return AssessmentView(as_of=context.as_of.isoformat(), kind=kind,
                          kind_label=t(f"assessment.kind.{kind}"), jurisdiction=where,
                          rows=rows[:first], more=max(0, len(rows) - first),
                          weights=config.weights(),
                          bands=(config.bands.A, config.bands.B, config.bands.C))
