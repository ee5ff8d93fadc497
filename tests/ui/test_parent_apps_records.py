"""Parent settings: app-category hours, the family's app list, deleting records.

Real store, real PinVault on the test keyring, real catalogue files in a temp folder.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from familywatch.core.model import Category
from familywatch.core.ports import AuditAction
from familywatch.core.rules import Action
from familywatch.monitor.family_catalogue import FamilyCatalogue
from familywatch.probes.catalogue_files import load_catalogue, read_catalogue
from familywatch.security.approval_key import ApprovalKey
from familywatch.ui.parent.settings_window import ParentSettingsWindow
from familywatch.ui.wording import Wording
from tests.security.keyring_backends import MemoryKeyring
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.sample_data import Household

pytestmark = pytest.mark.timeout(60)
BUILT_IN = Path(__file__).resolve().parents[2] / "resources" / "catalogue.toml"


def actions(house: Household) -> list[AuditAction]:
    return [entry.action for entry in house.store.audit_entries()]


def settings_window(qtbot, house: Household, words: Wording, *, answer: bool = True,
                    family: FamilyCatalogue | None = None) -> ParentSettingsWindow:
    controls = parent_controls(house)
    asked: list[str] = []

    def confirm(_parent: object, question: str) -> bool:
        asked.append(question)
        return answer

    window = ParentSettingsWindow(controls, PIN, words, family=family, confirm=confirm)
    window.asked = asked  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    return window


# -- app hours ------------------------------------------------------------------------------

def test_app_hours_round_trip_and_keep_the_camera_schedule(
        qtbot, empty_house: Household, words: Wording) -> None:
    window = settings_window(qtbot, empty_house, words)
    window.editor.grid.days[0].setText("16:00–20:00")
    apps = window.app_editor
    apps.show_category(Category.STREAMING)
    apps.limited.setChecked(True)
    for day in range(5):
        apps.grid.days[day].setText("17:00–19:00")
    apps.grid.days[5].setText("10:00–12:00, 17:00–19:00")
    apps.grid.days[6].setText("none")
    apps.action.setCurrentIndex(2)  # close
    apps.grace.setValue(90)
    apps.show_category(Category.VIDEO_CHAT)  # typed text for streaming is kept
    apps.limited.setChecked(True)
    apps.grid.days[6].setText("09:00–21:00")
    assert window.save_schedule()
    assert window.app_result.text() == words("parent.saved")

    stored = window.controls.settings().schedule()
    streaming = stored.app_rule(Category.STREAMING)
    assert streaming is not None and streaming.action is Action.CLOSE
    assert streaming.grace_seconds == 90
    assert [len(day or ()) for day in streaming.hours.days] == [1, 1, 1, 1, 1, 2, 0]
    chat = stored.app_rule(Category.VIDEO_CHAT)
    assert chat is not None and chat.hours.days[:6] == (None,) * 6
    assert stored.camera is not None and stored.camera.hours is not None
    assert actions(empty_house)[-1] is AuditAction.SCHEDULE_CHANGED

    again = settings_window(qtbot, empty_house, words)
    again.app_editor.show_category(Category.STREAMING)
    assert again.app_editor.limited.isChecked()
    assert [f.text() for f in again.app_editor.grid.days] == [
        *["17:00–19:00"] * 5, "10:00–12:00, 17:00–19:00", "none"]
    assert "Live-streaming apps, Video-chat apps" in again.app_editor.summary.text()
    # Saving from the camera tab does not drop the app hours.
    again.editor.grid.days[1].setText("15:00–19:00")
    again.tabs.setCurrentIndex(0)
    assert again.save_schedule()
    assert again.controls.settings().schedule().apps == stored.apps


def test_a_mistake_in_a_hidden_category_is_shown_and_nothing_is_saved(
        qtbot, empty_house: Household, words: Wording) -> None:
    window = settings_window(qtbot, empty_house, words)
    before = actions(empty_house)
    apps = window.app_editor
    apps.show_category(Category.BROWSER)
    apps.limited.setChecked(True)
    apps.grid.days[3].setText("after dinner")
    apps.show_category(Category.STREAMING)
    window.tabs.setCurrentIndex(0)
    assert not window.save_schedule()
    assert window.tabs.currentIndex() == 1  # the App hours tab, where the mistake is
    assert apps.shown is Category.BROWSER
    assert apps.grid.day_errors[3].text() == \
        "“after dinner” is not a time stretch like 16:00–20:00."
    assert window.schedule_result.text() == words("parent.fix_fields")

    apps.grid.days[3].setText("")  # limited, but no hours at all
    assert not window.save_schedule()
    assert apps.problem.text() == words("app_hours.needs_hours")
    assert window.controls.settings().schedule_text is None
    assert actions(empty_house) == before


# -- the family's app list ------------------------------------------------------------------

def family_catalogue(house: Household, window_controls: object | None = None
                     ) -> FamilyCatalogue:
    controls = window_controls or parent_controls(house, pin=None)
    return FamilyCatalogue(house.data_dir / "catalogue.toml", BUILT_IN, controls,  # type: ignore[arg-type]
                           os_name="linux")


def test_an_app_added_in_the_settings_is_in_the_file_the_probes_read_and_audited(
        qtbot, empty_house: Household, words: Wording) -> None:
    controls = parent_controls(empty_house)
    family = family_catalogue(empty_house, controls)
    window = ParentSettingsWindow(controls, PIN, words, family=family)
    qtbot.addWidget(window)
    panel = window.family_apps
    assert panel is not None
    assert panel.table.topLevelItem(0).text(0) == words("family_apps.none")
    panel.name.setText("Bigo Live")
    panel.kind.setCurrentIndex(list(Category).index(Category.STREAMING))
    panel.processes.setText("bigolive, BigoLive ")
    assert panel.add()
    assert panel.result.text() == "Bigo Live was added. FamilyWatch names it from now on."
    assert panel.table.topLevelItem(0).text(0) == "Bigo Live"
    assert panel.table.topLevelItem(0).text(2) == "bigolive, BigoLive"
    merged, errors = load_catalogue((BUILT_IN, family.path))
    assert errors == ()
    app = merged.match("bigolive", None, "linux")
    assert app is not None and (app.app_id, app.category) == ("bigo-live", Category.STREAMING)
    entry = empty_house.store.audit_entries()[-1]
    assert entry.action is AuditAction.CATALOGUE_CHANGED
    assert entry.detail["added"] == "bigo-live"

    panel.name.setText("Bigo  Live")  # the same app again
    panel.processes.setText("bigo2")
    assert not panel.add()
    assert "already in the family's list" in panel.result.text()
    assert "already in the family's list" in panel.field_errors["name"].text()
    panel.name.setText("Kick")
    panel.processes.setText(" , ")
    assert not panel.add()
    assert "at least one process name" in panel.result.text()
    assert panel.field_errors["name"].text() == ""
    assert panel.field_errors["processes"].text().startswith("Give at least one process name")

    panel.table.topLevelItem(0).setSelected(True)
    window.pin = "0000"  # a wrong PIN is refused and counted; the file stays
    text = family.path.read_text(encoding="utf-8")
    assert not panel.remove()
    assert panel.result.text().startswith("Wrong PIN (")
    assert family.path.read_text(encoding="utf-8") == text
    assert actions(empty_house)[-1] is AuditAction.PIN_FAILED
    window.pin = PIN
    assert panel.remove()
    assert load_catalogue((BUILT_IN, family.path))[0].match("bigolive", None, "linux") is None
    assert empty_house.store.audit_entries()[-1].detail == {"removed": "bigo-live",
                                                            "name": "Bigo Live"}


def test_mistakes_in_a_hand_edited_family_file_are_listed_and_the_rest_shows(
        qtbot, empty_house: Household, words: Wording) -> None:
    path = empty_house.data_dir / "catalogue.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# ours\n[[app]]\nid = "younow"\nname = "YouNow"\ncategory = "streaming"\n'
                    'processes.linux = ["younow"]\n\n[[app]]\nid = "x"\nname = "X"\n'
                    'category = "gaming"\nprocesses.linux = ["x"]\n', encoding="utf-8")
    family = family_catalogue(empty_house)
    window = settings_window(qtbot, empty_house, words, family=family)
    panel = window.family_apps
    assert panel is not None
    assert panel.table.topLevelItemCount() == 1
    assert panel.table.topLevelItem(0).text(0) == "YouNow"
    assert f"{path} line 8, entry 'x': unknown category 'gaming'" in panel.problems.text()


def test_a_hand_written_change_to_obs_is_shown_as_ignored_with_the_pin_way_to_approve_it(
        qtbot, empty_house: Household, words: Wording) -> None:
    path = empty_house.data_dir / "catalogue.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[[app]]\nid = "obs-studio"\nname = "OBS Studio"\ncategory = "streaming"\n'
                    'processes.linux = ["obs-portable"]\n', encoding="utf-8")
    controls = parent_controls(empty_house)
    keys = ApprovalKey(backend=MemoryKeyring())
    family = FamilyCatalogue(path, BUILT_IN, controls, os_name="linux", keys=keys)
    window = ParentSettingsWindow(controls, PIN, words, family=family)
    qtbot.addWidget(window)
    panel = window.family_apps
    assert panel is not None
    row = panel.table.topLevelItem(0)
    assert (row.text(0), row.text(2), row.text(3)) == (
        "OBS Studio", "obs-portable", "Ignored: needs the parent PIN")
    assert (f"{path} line 1, entry 'obs-studio': this changes OBS Studio, a built-in app, but "
            "a parent has not approved it, so it is ignored and OBS Studio is still recorded "
            "as built in. A change to a built-in app needs the parent PIN") in panel.problems.text()
    assert not panel.refused_hint.isHidden()
    assert not panel.approve_button.isEnabled()
    row.setSelected(True)
    assert panel.approve_button.isEnabled()  # the PIN way
    assert panel.remove_button.text() == "Put it back as built in"

    window.pin = "0000"
    assert not panel.approve()
    assert panel.result.text().startswith("Nothing was changed: Wrong PIN (")
    assert read_catalogue((BUILT_IN, path), keys.read).catalogue.match(
        "obs", None, "linux").name == "OBS Studio"  # type: ignore[union-attr]
    window.pin = PIN
    assert panel.approve()
    assert panel.result.text() == (
        "OBS Studio, a built-in app, is now also known as obs-portable and is no longer known "
        "as obs, obs64.exe, obs32.exe and OBS. Everyone sees this change in Today.")
    assert panel.table.topLevelItem(0).text(3) == "Changes a built-in app"
    assert panel.problems.text() == "" and panel.refused_hint.isHidden()
    catalogue = read_catalogue((BUILT_IN, path), keys.read).catalogue
    assert catalogue.match("obs", None, "linux") is None
    assert catalogue.match("obs-portable", None, "linux").name == "OBS Studio"  # type: ignore[union-attr]
    assert empty_house.store.audit_entries()[-1].detail["change"] == "replaced"

    # One of FamilyWatch's own apps, chosen under "App": the form shows it as it stands.
    panel.which.setCurrentIndex(panel.which.findText("Zoom"))
    assert (panel.name.text(), panel.processes.text()) == (
        "Zoom", "zoom, ZoomWebviewHost, ZoomLauncher")
    assert panel.add_button.text() == "Save the change to Zoom"
    assert panel.stop_recording()
    assert panel.result.text() == ("Zoom, a built-in app, is no longer recorded. Everyone sees "
                                   "this change in Today.")
    assert [panel.table.topLevelItem(n).text(3) for n in range(2)] == [
        "Changes a built-in app", "Stops recording a built-in app"]
    assert read_catalogue((BUILT_IN, path), keys.read).catalogue.get("zoom") is None

    panel.table.topLevelItem(0).setSelected(True)
    assert panel.remove()  # put OBS Studio back as built in
    assert panel.result.text().startswith("OBS Studio, a built-in app, is recorded as built in "
                                          "again.")
    assert [e.app_id for e in family.read().entries] == ["zoom"]


# -- deleting records -----------------------------------------------------------------------

def test_deleting_older_records_asks_first_deletes_and_tells_everyone(
        qtbot, house: Household, words: Wording) -> None:
    now = house.clock.now()
    before = house.store.sessions_between(now - timedelta(days=30), now)
    older = [s for s in before if s.ended_at and s.ended_at < now - timedelta(days=1)]
    assert older and len(older) < len(before)

    window = settings_window(qtbot, house, words, answer=False)
    window.tabs.setCurrentWidget(window.records)
    window.records.days.setValue(1)
    assert not window.records.delete()  # the parent said no
    assert window.asked == ["Delete records older than a day? This can't be undone."]  # type: ignore[attr-defined]
    assert len(house.store.sessions_between(now - timedelta(days=30), now)) == len(before)

    window.confirm = window.records.confirm = lambda _p, _q: True
    assert window.records.delete()
    after = house.store.sessions_between(now - timedelta(days=30), now)
    assert len(after) == len(before) - len(older)
    assert window.records.result.text() == \
        f"Deleted records older than a day ({len(older)} sessions)."
    entry = house.store.audit_entries()[-1]
    assert entry.action is AuditAction.DATA_DELETED
    assert entry.detail["by"] == "parent" and entry.detail["older_than_days"] == 1
    assert entry.detail["sessions"] == len(older)


def test_deleting_everything_keeps_what_is_in_use_and_a_wrong_pin_deletes_nothing(
        qtbot, house: Household, words: Wording) -> None:
    now = house.clock.now()
    window = settings_window(qtbot, house, words)
    window.records.everything.setChecked(True)
    window.pin = "1111"
    assert not window.records.delete()
    assert window.records.result.text().startswith("Wrong PIN (")
    live = house.live()
    assert len(house.store.sessions_between(now - timedelta(days=30), now)) > len(live)
    window.pin = PIN
    assert window.records.delete()
    assert window.asked[-1] == \
        "Delete everything recorded so far? This can't be undone."  # type: ignore[attr-defined]
    remaining = house.store.sessions_between(now - timedelta(days=30), now)
    assert {s.serial for s in remaining} == {s.serial for s in live}
    assert actions(house)[-2:] == [AuditAction.PIN_FAILED, AuditAction.DATA_DELETED]
