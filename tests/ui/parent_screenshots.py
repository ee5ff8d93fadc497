"""Screenshots of the parent windows, the first run and a countdown (make_screenshots)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from familywatch.core.schedule_file import dump_schedule
from familywatch.ui.notify import CountdownWindow
from familywatch.ui.parent.first_run import PRESETS, FirstRunWizard
from familywatch.ui.parent.more_time import MoreTimeDialog
from familywatch.ui.parent.pin_dialog import PinDialog
from familywatch.ui.parent.settings_window import ParentSettingsWindow
from familywatch.ui.wording import Wording
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.sample_data import Household, empty_household

Save = Callable[[QWidget, Path], Path]


def parent_screenshots(house: Household, scratch: Path, folder: Path, words: Wording,
                       save: Save) -> list[Path]:
    written: list[Path] = []
    controls = parent_controls(house)
    controls.import_schedule(dump_schedule(PRESETS["school_nights"]), "screenshots", PIN)
    controls.ask(minutes=30, reason="finishing a video call with Grandma")
    settings = ParentSettingsWindow(controls, PIN, words)
    written.append(save(settings, folder / "parent-settings.png"))
    settings.tabs.setCurrentIndex(1)
    written.append(save(settings, folder / "parent-requests.png"))
    settings.close()

    pin = PinDialog(controls, words, "settings")
    pin.field.setText("1111")
    pin.try_pin()
    written.append(save(pin, folder / "pin-dialog.png"))
    pin.close()

    more = MoreTimeDialog(lambda **_: None, words)
    more.reason.setText("finishing a video call with Grandma")
    written.append(save(more, folder / "ask-for-more-time.png"))
    more.close()

    countdown = CountdownWindow(words, "Camera time is over for today. OBS Studio will be "
                                "closed in 60 seconds.", 60)
    countdown.timer.stop()
    for _ in range(17):
        countdown.tick()
    written.append(save(countdown, folder / "countdown.png"))
    countdown.close()

    fresh = empty_household(scratch / "first-run")
    try:
        wizard = FirstRunWizard(parent_controls(fresh, pin=None), words)
        written.append(save(wizard, folder / "first-run.png"))
        wizard.pins.first.setText("13579")
        wizard.pins.again.setText("13579")
        wizard.next()
        written.append(save(wizard, folder / "first-run-schedule.png"))
        wizard.next()
        written.append(save(wizard, folder / "first-run-read-together.png"))
        wizard.close()
    finally:
        fresh.store.close()
    return written
