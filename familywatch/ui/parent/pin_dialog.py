"""The parent PIN prompt: masked input, and the vault's own words when it says no.

"wrong PIN (3 tries left before a 30 s wait)" and "no PIN is accepted until 19:31"
come from ParentControls (which also records each wrong PIN in the audit log).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from familywatch.monitor.parent import Refused
from familywatch.security import KeyringUnavailable, PinNotSet
from familywatch.ui.parent.controls import ControlsLike
from familywatch.ui.widgets import app_icon, make_readable, paragraph
from familywatch.ui.wording import Wording

ERROR_STYLE = "color: #B00020;"


def sentence(text: str) -> str:
    """'wrong PIN (…)' -> 'Wrong PIN (…).'"""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class PinDialog(QDialog):
    """Accepted only after ParentControls.unlock took the PIN; `pin` holds it then."""

    def __init__(self, controls: ControlsLike, words: Wording, purpose: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls = controls
        self.words = words
        self.purpose = purpose
        self.pin = ""
        self.setWindowTitle(words("pin.title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.prompt = paragraph(words("pin.prompt", purpose=words(f"pin.purpose_{purpose}")))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(words("pin.field"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(words("pin.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(words("pin.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_pin)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self.check_ready()

    def check_ready(self) -> bool:
        """Before any try: a missing keyring, no PIN or a lock-out is said at once."""
        try:
            self.controls.ready()
        except (Refused, KeyringUnavailable) as error:
            self._refuse(sentence(str(error)), lock=True)
            return False
        except PinNotSet:
            self._refuse(self.words("pin.not_set"), lock=True)
            return False
        self.field.setEnabled(True)
        self.ok.setEnabled(True)
        return True

    def _refuse(self, text: str, *, lock: bool = False) -> None:
        self.error.setText(text)
        if lock:
            self.field.setEnabled(False)
            self.ok.setEnabled(False)

    def try_pin(self) -> None:
        pin = self.field.text()
        if not pin:
            self._refuse(self.words("pin.empty"))
            return
        try:
            self.controls.unlock(pin, self.purpose)
        except Refused as error:
            self.field.clear()
            self._refuse(sentence(str(error)), lock=self.controls_locked())
            return
        except (KeyringUnavailable, PinNotSet) as error:
            self._refuse(sentence(str(error)), lock=True)
            return
        self.pin = pin
        self.field.clear()
        self.accept()

    def controls_locked(self) -> bool:
        vault = getattr(self.controls, "vault", None)
        return vault is not None and vault.locked_until is not None


def ask_pin(controls: ControlsLike, words: Wording, purpose: str,
            parent: QWidget | None = None) -> str | None:
    """The verified PIN, or None if the dialog was cancelled."""
    dialog = PinDialog(controls, words, purpose, parent)
    return dialog.pin if dialog.exec() == QDialog.DialogCode.Accepted else None
