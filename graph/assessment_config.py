"""The assessment's weights, points and band cut-offs (分类分档考核), from a YAML file.

The default file is ``data/assessment.yaml`` (commented: it states the score formula);
another is named by the ``assessment_config`` setting (``POLICYGRAPH_ASSESSMENT_CONFIG``),
which the edges pass to :func:`load_config`.  :class:`AssessmentConfig` validates a file: a bad value fails
with :class:`ConfigError`, whose message names the field (``points.late``).

>>> config = load_config()
>>> config.roles.lead, config.roles.co, config.bands.A
(1.0, 0.5, 90.0)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "assessment.yaml"


class ConfigError(ValueError):
    """An assessment config file that cannot be used; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Roles(_Strict):
    """How much a share weighs by the subject's role in the obligation."""

    lead: float = Field(default=1.0, ge=0, le=100)
    co: float = Field(default=0.5, ge=0, le=100)

    def weight(self, role: str) -> float:
        """The weight of ``role`` (anything but ``lead`` is a co-owner).

        >>> Roles().weight("lead"), Roles().weight("co")
        (1.0, 0.5)
        """
        return self.lead if role == "lead" else self.co


class Points(_Strict):
    """What one instance earns, by how it stands."""

    on_time: float = Field(default=100, ge=0, le=100)
    late: float = Field(default=60, ge=0, le=100)
    overdue: float = Field(default=0, ge=0, le=100)


class Bands(_Strict):
    """The lowest score of bands A, B and C; D is the rest."""

    A: float = Field(default=90, ge=0, le=100)
    B: float = Field(default=75, ge=0, le=100)
    C: float = Field(default=60, ge=0, le=100)

    @model_validator(mode="after")
    def _descending(self) -> Bands:
        if not self.A > self.B > self.C:
            raise ValueError("A > B > C is required (each band's lowest score)")
        return self

    def band(self, score: float) -> str:
        """The band of ``score``.

        >>> [Bands().band(s) for s in (90, 89.99, 75, 60, 59.99)]
        ['A', 'B', 'B', 'C', 'D']
        """
        for name, floor in (("A", self.A), ("B", self.B), ("C", self.C)):
            if score >= floor:
                return name
        return "D"


class AssessmentConfig(_Strict):
    """One assessment configuration (see ``data/assessment.yaml`` for the formula)."""

    roles: Roles = Field(default_factory=Roles)
    points: Points = Field(default_factory=Points)
    targets_weight: float = Field(default=0.2, ge=0, le=1)
    bands: Bands = Field(default_factory=Bands)

    def weights(self) -> list[tuple[str, float]]:
        """Every weight as ``(field, value)``, for the export's "weights used" rows.

        >>> AssessmentConfig().weights()[:2]
        [('roles.lead', 1.0), ('roles.co', 0.5)]
        """
        return [("roles.lead", self.roles.lead), ("roles.co", self.roles.co),
                ("points.on_time", self.points.on_time), ("points.late", self.points.late),
                ("points.overdue", self.points.overdue),
                ("targets_weight", self.targets_weight), ("bands.A", self.bands.A),
                ("bands.B", self.bands.B), ("bands.C", self.bands.C)]


def _field(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(file)"


def parse_config(data: Any, *, source: str = "assessment config") -> AssessmentConfig:
    """Validate parsed YAML; :class:`ConfigError` names the first bad field.

    >>> parse_config({"points": {"late": 120}})
    Traceback (most recent call last):
    ...
    graph.assessment_config.ConfigError: assessment config: points.late: Input should be less than or equal to 100
    >>> parse_config({"bands": {"A": 50, "B": 75}})
    Traceback (most recent call last):
    ...
    graph.assessment_config.ConfigError: assessment config: bands: Value error, A > B > C is required (each band's lowest score)
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: (file): a mapping of fields is required")
    try:
        return AssessmentConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ConfigError(f"{source}: {_field(first['loc'])}: {first['msg']}") from None


def load_config(path: str | Path | None = None) -> AssessmentConfig:
    """The configuration in ``path`` (the default file when ``None``).

    Every widget view and every ``assessment`` query asks for it, so a file is parsed
    again only when its modification time or size changed (at most 16 files kept).

    Raises
    ------
    ConfigError
        The file is missing, not YAML, or a field is out of range (named).
    """
    chosen = Path(path) if path is not None else DEFAULT_PATH
    try:
        stat = chosen.stat()
    except OSError as error:
        raise ConfigError(f"{chosen}: cannot be read ({error.strerror})") from None
    return _parsed(str(chosen), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _parsed(path: str, _mtime_ns: int, _size: int) -> AssessmentConfig:
    # A refused file raises, and lru_cache keeps no exception: it is read again next time.
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not YAML ({error})") from None
    return parse_config(data, source=path)
