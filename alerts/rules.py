"""Alert rules: when to remind, chase and escalate, and where each unit's digest goes.

The rules live in a YAML or TOML file (``alerts/rules.default.yaml`` ships with the
project), are validated by pydantic models (:class:`RulesFile`) and load into frozen
dataclasses; any mistake in the file raises :class:`RulesError` naming the key and what
was wrong, before a single alert is sent.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from alerts.validation import describe

DEFAULT_RULES_PATH = Path(__file__).with_name("rules.default.yaml")
ANY_RECEIVER = "*"


class RulesError(ValueError):
    """The rules config is malformed; the message names the offending key."""


@dataclass(frozen=True)
class Escalation:
    """Tell the supervising unit of an obligation's jurisdiction about obligations overdue
    for ``after_days`` days or more.

    ``supervisors`` maps a jurisdiction (its full name 浙江省温州市, its GB/T 2260 code or
    its short name) to the unit that supervises its obligations there; a jurisdiction
    without one falls back to its nearest ancestor's.  No unit is a default: with none
    configured, nothing is escalated (and the run says so).
    """

    after_days: int = 30
    supervisors: Mapping[str, str] = field(default_factory=dict)

    def supervisor_for(self, chain: Sequence[Sequence[str | None]]) -> tuple[int, str] | None:
        """The supervisor of the first jurisdiction of ``chain`` (the obligation's own,
        then its ancestors, each given by its names) that has one, as (position in
        ``chain``, unit name).

        >>> e = Escalation(supervisors={"浙江省温州市": "市招商局"})
        >>> e.supervisor_for([("浙江省温州市瑞安市", "瑞安市"), ("浙江省温州市", "温州市")])
        (1, '市招商局')
        >>> e.supervisor_for([("浙江省杭州市", "杭州市", "330100")]) is None
        True
        """
        for position, names in enumerate(chain):
            for name in names:
                if name and name in self.supervisors:
                    return position, self.supervisors[name]
        return None


@dataclass(frozen=True)
class AlertRules:
    """The whole rules config.

    ``due_soon_days`` is sorted longest lead first; ``channels`` maps a receiving
    unit (its jurisdiction's full name and its name, ``浙江省温州市/市规划局``, or its name
    alone when one unit has it; or ``"*"``) to channel names.
    """

    due_soon_days: tuple[int, ...] = (30, 7)
    overdue: bool = True
    escalation: Escalation | None = field(default_factory=Escalation)
    repeat_interval: dt.timedelta = dt.timedelta(days=7)
    resolved_notice: bool = True
    channels: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {ANY_RECEIVER: ("webhook",)}
    )

    def channels_for(self, receiver: str, short: str | None = None) -> tuple[str, ...]:
        """The channel names a receiver's digest goes to: its own entry (the receiver
        as it is stored, e.g. ``浙江省温州市/市规划局``), else that of its ``short`` name
        (``市规划局``, given by the caller only when one unit has it), else ``"*"``.

        >>> rules = AlertRules(channels={"*": ("webhook",), "市规划局": ("dingtalk",)})
        >>> rules.channels_for("浙江省温州市/市规划局", short="市规划局")
        ('dingtalk',)
        >>> rules.channels_for("浙江省温州市/市规划局")  # a short name two units share
        ('webhook',)
        """
        for key in (receiver, short):
            if key is not None and key in self.channels:
                return self.channels[key]
        return self.channels.get(ANY_RECEIVER, ())


Name = Annotated[str, Field(min_length=1)]


def _text_keys(value: Any) -> Any:
    """Mapping keys as text (a YAML key 330300 is the code "330300"), stripped."""
    return {str(k).strip(): v for k, v in value.items()} if isinstance(value, dict) else value


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class EscalationFile(_File):
    """The ``escalation`` section."""

    after_days: Annotated[StrictInt, Field(ge=0)] = 30
    supervisors: dict[str, Name] = Field(default_factory=dict)
    supervisor: str | None = None  # the old single key: refused below, with the new form

    @field_validator("supervisors", mode="before")
    @classmethod
    def _jurisdictions_as_text(cls, value: Any) -> Any:
        return {} if value is None else _text_keys(value)

    @field_validator("supervisor")
    @classmethod
    def _refuse_one_supervisor(cls, value: str | None) -> None:
        if value is not None:
            raise PydanticCustomError(
                "one_supervisor",
                "one supervisor for every government is no longer accepted; name the "
                "supervising unit per jurisdiction instead, e.g.\nescalation:\n  supervisors:\n"
                "    浙江省温州市: {unit}", {"unit": value})
        return None


class RulesFile(_File):
    """The rules file as written; missing keys take :class:`AlertRules`' defaults."""

    due_soon_days: list[Annotated[StrictInt, Field(ge=1)]] = [30, 7]
    overdue: StrictBool = True
    escalation: EscalationFile | None = EscalationFile()
    repeat_interval_days: Annotated[StrictInt, Field(ge=0)] = 7
    resolved_notice: StrictBool = True
    channels: dict[str, list[Name]] = Field(default_factory=lambda: {ANY_RECEIVER: ["webhook"]},
                                            min_length=1)

    @field_validator("due_soon_days")
    @classmethod
    def _each_lead_time_once(cls, days: list[int]) -> list[int]:
        if len(set(days)) != len(days):
            raise PydanticCustomError("repeated", "lead times repeat: {days}", {"days": days})
        return days

    @field_validator("escalation", mode="before")
    @classmethod
    def _false_is_none(cls, value: Any) -> Any:
        return None if value is False else value

    @field_validator("channels", mode="before")
    @classmethod
    def _one_name_is_a_list(cls, value: Any) -> Any:
        value = _text_keys(value)
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    def rules(self) -> AlertRules:
        """The validated file as :class:`AlertRules`."""
        escalation = (None if self.escalation is None else
                      Escalation(after_days=self.escalation.after_days,
                                 supervisors=dict(self.escalation.supervisors)))
        return AlertRules(due_soon_days=tuple(sorted(self.due_soon_days, reverse=True)),
                          overdue=self.overdue, escalation=escalation,
                          repeat_interval=dt.timedelta(days=self.repeat_interval_days),
                          resolved_notice=self.resolved_notice,
                          channels={k: tuple(v) for k, v in self.channels.items()})


def rules_from_mapping(data: Mapping[str, Any]) -> AlertRules:
    """Validate a parsed config and build :class:`AlertRules`; missing keys take defaults.

    >>> rules_from_mapping({"due_soon_days": [7, 30], "escalation": False}).due_soon_days
    (30, 7)
    >>> rules_from_mapping({"overdue": "yes"})
    Traceback (most recent call last):
    ...
    alerts.rules.RulesError: overdue: Input should be a valid boolean
    """
    if not isinstance(data, Mapping):
        raise RulesError(f"the rules file must hold a mapping, got {type(data).__name__}")
    try:
        return RulesFile.model_validate(dict(data)).rules()
    except ValidationError as exc:
        raise RulesError(describe(exc)) from None


def load_rules(path: str | Path | None = None) -> AlertRules:
    """Load rules from a ``.yaml``/``.yml`` or ``.toml`` file (default: the shipped file).

    Parameters
    ----------
    path
        The config file; ``None`` for ``alerts/rules.default.yaml``.

    Returns
    -------
    AlertRules
        The validated rules.

    Raises
    ------
    RulesError
        Unreadable file, bad syntax, unknown keys or bad values; the message names the
        file and the key.
    """
    file = Path(path) if path is not None else DEFAULT_RULES_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{file}: cannot read the rules file ({exc.strerror})") from exc
    try:
        if file.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        elif file.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text) or {}
        else:
            raise RulesError(f"{file}: rules files must end in .yaml, .yml or .toml")
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{file}: not valid {file.suffix[1:].upper()}: {exc}") from exc
    try:
        return rules_from_mapping(data)
    except RulesError as exc:
        raise RulesError(f"{file}: {exc}") from exc
