"""Screenshots of the parent windows, the first run and a countdown (make_screenshots)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from familywatch.core.model import Category
from familywatch.monitor.family_catalogue import FamilyCatalogue
from familywatch.monitor.parent import ParentControls
from familywatch.ui.notify import CountdownWindow
from familywatch.ui.parent.first_run import FirstRunWizard
from familywatch.ui.parent.more_time import MoreTimeDialog
from familywatch.ui.parent.pin_dialog import PinDialog
from familywatch.ui.parent.settings_window import ParentSettingsWindow
from familywatch.ui.wording import Wording
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.sample_data import empty_household

Save = Callable[[QWidget, Path], Path]


def unscrolled(window: QWidget, area: QAbstractScrollArea, tallest: int = 1400) -> None:
    """Make `window` taller until `area` needs no scrolling (or `tallest` is reached)."""
    window.show()
    QApplication.processEvents()
    while area.verticalScrollBar().maximum() > 0 and window.height() < tallest:
        window.resize(window.width(), window.height() + 20)
        QApplication.processEvents()


def tab_file_name(title: str) -> str:
    """'Camera schedule' -> 'parent-settings-camera-schedule.png' (mnemonic '&' dropped)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.replace("&", "").lower()).strip("-")
    return f"parent-settings-{slug or 'tab'}.png"


BUILT_IN = Path(__file__).resolve().parents[2] / "resources" / "catalogue.toml"


@contextmanager
def own_autostart_folder(scratch: Path) -> Iterator[None]:
    """The Monitoring tab shows whether FamilyWatch starts at login: read it from a
    scratch folder, not from the machine the screenshots are made on."""
    before = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("XDG_CONFIG_HOME", None)
        else:
            os.environ["XDG_CONFIG_HOME"] = before


def family_apps(controls: ParentControls, data_dir: Path) -> FamilyCatalogue:
    """The sample family added one app FamilyWatch didn't know."""
    family = FamilyCatalogue(data_dir / "catalogue.toml", BUILT_IN, controls, os_name="linux")
    if not family.read().entries:
        family.add(PIN, "Bigo Live", Category.STREAMING, {"linux": ["bigolive"]})
    return family


def settings_screenshots(controls: ParentControls, folder: Path, words: Wording,
                         save: Save, scratch: Path) -> list[Path]:
    """Parent settings as it opens (parent-settings.png, in the README), then every tab,
    whatever tabs it has now, one file each."""
    with own_autostart_folder(scratch):
        settings = ParentSettingsWindow(controls, PIN, words,
                                        family=family_apps(controls, scratch / "data"))
    written = [save(settings, folder / "parent-settings.png")]
    tabs = settings.tabs
    names = [tab_file_name(tabs.tabText(index)) for index in range(tabs.count())]
    if len(set(names)) != len(names):
        raise ValueError(f"two Parent settings tabs would share a file name: {names}")
    for index, name in enumerate(names):
        tabs.setCurrentIndex(index)
        written.append(save(settings, folder / name))
    settings.close()
    return written


def parent_screenshots(controls: ParentControls, scratch: Path, folder: Path, words: Wording,
                       save: Save) -> list[Path]:
    """`controls`: the sample household's, with its PIN set (tests/ui/parent_rig.py)."""
    controls.ask(minutes=30, reason="finishing a video call with Grandma")
    written = settings_screenshots(controls, folder, words, save, scratch)

    pin = PinDialog(controls, words, "settings")
    pin.field.setText("1111")
    pin.try_pin()
    written.append(save(pin, folder / "pin-dialog.png"))
    pin.close()

    more = MoreTimeDialog(lambda **_: None, words)
    more.minutes.setValue(30)
    more.reason.setText("finishing a video call with Grandma")
    written.append(save(more, folder / "ask-for-more-time.png"))
    more.close()

    countdown = CountdownWindow(words, "Camera time is over for today. OBS Studio will be "
                                "closed when the countdown ends.", 60)
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
        unscrolled(wizard, wizard.read.text)  # the whole text a family reads together
        written.append(save(wizard, folder / "first-run-read-together.png"))
        wizard.close()
    finally:
        fresh.store.close()
    return written
