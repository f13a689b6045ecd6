"""Alert rules load from YAML or TOML into frozen dataclasses, or fail naming the key and
saying what is wrong (pydantic's words)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from alerts.rules import AlertRules, Escalation, RulesError, load_rules


def test_the_shipped_default_config_names_30_and_7_days_and_wenzhous_investment_bureau() -> None:
    rules = load_rules()
    assert rules.due_soon_days == (30, 7)
    assert rules.overdue and rules.resolved_notice
    assert rules.escalation == Escalation(after_days=30, supervisors={"浙江省温州市": "市招商局"})
    assert rules.repeat_interval == dt.timedelta(days=7)
    assert rules.channels_for("市规划局") == ("webhook",)


def test_rules_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_rules().overdue = False  # type: ignore[misc]


def test_a_toml_file_with_per_unit_channels_and_no_escalation(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        'due_soon_days = [7, 14, 30]\nescalation = false\nrepeat_interval_days = 1\n'
        '[channels]\n"*" = ["webhook"]\n"市规划局" = ["dingtalk", "email"]\n',
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert rules.due_soon_days == (30, 14, 7) and rules.escalation is None
    assert rules.repeat_interval == dt.timedelta(days=1)
    assert rules.channels_for("市规划局") == ("dingtalk", "email")
    assert rules.channels_for("市商务局") == ("webhook",)


def test_missing_keys_take_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("overdue: false\n", encoding="utf-8")
    assert load_rules(path) == dataclasses.replace(AlertRules(), overdue=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("due_soon_days: 30\n", "due_soon_days: Input should be a valid list"),
        ("due_soon_days: [30, 0]\n", r"due_soon_days\[1\]: Input should be greater than or equal to 1"),
        ("due_soon_days: [7, 7]\n", "due_soon_days: lead times repeat"),
        ("overdue: yes please\n", "overdue: Input should be a valid boolean"),
        ("escalation: {after_days: -1}\n", "escalation.after_days: Input should be greater than or equal to 0"),
        ("escalation: {supervisors: {浙江省温州市: ''}}\n", "escalation.supervisors.浙江省温州市"),
        ("escalation: {supervisors: [市招商局]}\n", "escalation.supervisors: Input should be a valid dictionary"),
        ("escalation: {after: 3}\n", "escalation.after: Extra inputs are not permitted"),
        ("repeat_interval_days: 1.5\n", "repeat_interval_days: Input should be a valid integer"),
        ("channels: {'*': [1]}\n", r"channels\.\*"),
        ("lead_times: [30]\n", "lead_times: Extra inputs are not permitted"),
        ("due_soon_days: [30\n", "not valid YAML"),
        ("- 30\n", "must hold a mapping"),
    ],
)
def test_a_bad_config_is_refused_with_the_file_and_key_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message) as info:
        load_rules(path)
    assert str(path) in str(info.value)


def test_an_unreadable_or_unknown_kind_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")
    other = tmp_path / "rules.ini"
    other.write_text("x=1", encoding="utf-8")
    with pytest.raises(RulesError, match=r"\.yaml"):
        load_rules(other)


def test_the_old_single_supervisor_is_refused_with_the_per_jurisdiction_form_to_write(
        tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("escalation:\n  after_days: 30\n  supervisor: 市招商局\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"escalation\.supervisor: ") as info:
        load_rules(path)
    assert "supervisors:\n    浙江省温州市: 市招商局" in str(info.value)


def test_no_supervisor_is_a_default() -> None:
    assert AlertRules().escalation == Escalation(after_days=30, supervisors={})


def test_a_jurisdiction_without_a_supervisor_falls_back_to_its_nearest_ancestors() -> None:
    escalation = Escalation(supervisors={"330000": "省发展和改革委员会", "浙江省温州市": "市招商局"})
    ruian = [("浙江省温州市瑞安市", "330381", "瑞安市"), ("浙江省温州市", "330300", "温州市"),
             ("浙江省", "330000", "浙江省")]
    assert escalation.supervisor_for(ruian) == (1, "市招商局")
    assert escalation.supervisor_for(ruian[2:]) == (0, "省发展和改革委员会")
    assert escalation.supervisor_for([("上海市嘉定区", "310114", "嘉定区")]) is None


def test_a_channel_rule_addresses_a_unit_by_its_full_identity_or_its_unique_short_name() -> None:
    rules = AlertRules(channels={"*": ("webhook",), "浙江省宁波市/市财政局": ("email",),
                                 "市规划局": ("dingtalk",)})
    assert rules.channels_for("浙江省宁波市/市财政局", short=None) == ("email",)
    assert rules.channels_for("浙江省杭州市/市财政局", short=None) == ("webhook",)
    assert rules.channels_for("浙江省温州市/市规划局", short="市规划局") == ("dingtalk",)
