"""Parent settings, the PIN dialog, start at login, first run: real store, real vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from familywatch.core.ports import AuditAction
from familywatch.core.rules import Action
from familywatch.ui import autostart
from familywatch.ui.parent.first_run import PRESETS, FirstRunWizard
from familywatch.ui.parent.pin_dialog import PinDialog
from familywatch.ui.parent.settings_window import ParentSettingsWindow
from familywatch.ui.wording import Wording
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.sample_data import Household

pytestmark = pytest.mark.timeout(60)


def actions(house: Household) -> list[AuditAction]:
    return [entry.action for entry in house.store.audit_entries()]


def test_the_schedule_editor_round_trips_through_the_store(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    window = ParentSettingsWindow(controls, PIN, words)
    qtbot.addWidget(window)
    editor = window.editor
    texts = ["16:00–20:00"] * 4 + ["16:00-21:00", "09:00–12:00, 14:00–20:30", "none"]
    for field, text in zip(editor.grid.days, texts, strict=True):
        field.setText(text)
    editor.budget_weekdays.setValue(90)
    editor.budget_weekend.setValue(0)  # no limit
    editor.action.setCurrentIndex(2)  # close
    editor.grace.setValue(45)
    assert window.save_schedule()
    assert window.schedule_result.text() == words("parent.saved")
    stored = controls.settings().schedule()
    assert stored.camera is not None and stored.camera.action is Action.CLOSE
    assert stored.camera.grace_seconds == 45
    assert stored.camera.budget is not None
    assert stored.camera.budget.minutes == (90,) * 5 + (None, None)
    assert actions(empty_house)[-1] is AuditAction.SCHEDULE_CHANGED

    again = ParentSettingsWindow(controls, PIN, words)
    qtbot.addWidget(again)
    assert [f.text() for f in again.editor.grid.days] == [
        *["16:00–20:00"] * 4, "16:00–21:00", "09:00–12:00, 14:00–20:30", "none"]
    assert again.editor.rules() == stored


def test_invalid_hours_are_explained_next_to_the_field_and_nothing_is_saved(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    window = ParentSettingsWindow(controls, PIN, words)
    qtbot.addWidget(window)
    before = actions(empty_house)
    window.editor.grid.days[0].setText("16:00–20:00")
    window.editor.grid.days[2].setText("4pm to 8pm")
    assert not window.save_schedule()
    assert window.editor.grid.day_errors[2].text() == \
        "“4pm to 8pm” is not a time stretch like 16:00–20:00."
    assert window.editor.grid.day_errors[0].text() == ""
    window.editor.grid.days[2].setText("16:00–20:00, 19:00–21:00")
    assert not window.save_schedule()
    assert "overlap" in window.editor.grid.hours_error.text()
    assert controls.settings().schedule_text is None
    assert actions(empty_house) == before


def test_the_pin_dialog_refuses_a_wrong_pin_and_accepts_the_right_one(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    dialog = PinDialog(controls, words, "settings")
    qtbot.addWidget(dialog)
    assert dialog.field.echoMode() is dialog.field.EchoMode.Password
    dialog.field.setText("1111")
    dialog.try_pin()
    assert dialog.result() == 0 and dialog.pin == ""
    assert dialog.error.text().startswith("Wrong PIN (")
    assert "tries left" in dialog.error.text()
    assert actions(empty_house)[-1] is AuditAction.PIN_FAILED
    dialog.field.setText(PIN)
    dialog.try_pin()
    assert dialog.result() == 1 and dialog.pin == PIN


def test_too_many_wrong_pins_lock_the_dialog_until_a_time(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    dialog = PinDialog(controls, words, "quit")
    qtbot.addWidget(dialog)
    for _ in range(controls.policy.free_failures + 1):
        dialog.field.setText("0000")
        dialog.try_pin()
    assert "until" in dialog.error.text()
    assert not dialog.field.isEnabled() and not dialog.ok.isEnabled()
    reopened = PinDialog(controls, words, "quit")
    qtbot.addWidget(reopened)
    assert reopened.error.text().startswith("Too many wrong PINs")


def test_start_at_login_writes_and_removes_the_xdg_entry(
        qtbot, empty_house: Household, words: Wording, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "familywatch.desktop"
    window = ParentSettingsWindow(parent_controls(empty_house), PIN, words)
    qtbot.addWidget(window)
    assert not window.autostart.isChecked()
    window.autostart.setChecked(True)
    assert entry.is_file()
    packaged = Path(__file__).resolve().parents[2] / "packaging/linux/familywatch-autostart.desktop"
    assert entry.read_text(encoding="utf-8") == packaged.read_text(encoding="utf-8")
    assert autostart.is_enabled()
    window.autostart.setChecked(False)
    assert not entry.exists()


def test_pause_resume_and_retention_are_audited(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    window = ParentSettingsWindow(controls, PIN, words)
    qtbot.addWidget(window)
    assert not window.resume_button.isEnabled()  # not paused: nothing to resume
    window.pause_minutes.setValue(0)
    window.pause()
    assert controls.settings().paused_until_resumed
    assert window.resume_button.isEnabled()
    window.resume()
    assert not window.resume_button.isEnabled()
    window.records.retention.setValue(30)
    window.records.save_retention()
    assert controls.settings().retention_days == 30
    assert actions(empty_house)[-3:] == [AuditAction.PAUSED, AuditAction.RESUMED,
                                         AuditAction.RETENTION_CHANGED]


def test_first_run_sets_the_pin_and_the_school_nights_schedule(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house, pin=None)
    wizard = FirstRunWizard(controls, words)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.pins.first.setText("13579")
    wizard.pins.again.setText("13579")
    wizard.next()
    assert wizard.currentPage() is wizard.schedule
    assert controls.vault.is_set()
    wizard.schedule.buttons["school_nights"].setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.read
    assert "never recorded" in wizard.read.text.toPlainText()
    assert controls.settings().schedule() == PRESETS["school_nights"]


def test_first_run_can_continue_in_record_only_mode(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house, pin=None)
    wizard = FirstRunWizard(controls, words)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.pins.record_only.setChecked(True)
    wizard.next()
    assert not wizard.schedule.buttons["school_nights"].isEnabled()
    assert wizard.schedule.choice() == "record_only"
    wizard.next()
    assert wizard.currentPage() is wizard.read
    assert not controls.vault.is_set() and controls.settings().schedule_text is None


def test_a_request_for_more_time_reaches_the_parent_inbox_and_is_granted(
        qtbot, empty_house: Household, words: Wording) -> None:
    from familywatch.ui.parent.more_time import MoreTimeDialog

    controls = parent_controls(empty_house)
    dialog = MoreTimeDialog(controls.ask, words)
    qtbot.addWidget(dialog)
    dialog.minutes.setValue(20)
    dialog.send()
    assert dialog.error.text() == words("more_time.need_reason")
    dialog.reason.setText("finishing a call with Grandma")
    dialog.send()
    assert dialog.result() == 1
    window = ParentSettingsWindow(controls, PIN, words)
    qtbot.addWidget(window)
    assert window.inbox.list.item(0).text().endswith("20 more minutes — “finishing a call "
                                                    "with Grandma”")
    window.inbox.grant()
    assert window.inbox.result.text() == "Granted 20 extra minutes today."
    assert window.inbox.list.item(0).text() == words("parent.no_requests")
    assert actions(empty_house)[-1] is AuditAction.EXCEPTION_GRANTED
