"""One tray app per data folder: a second launch asks the running one to show itself.

Local IPC only: QLocalServer / QLocalSocket are a Unix-domain socket (a named pipe on
Windows), never a network socket. On POSIX the socket lives in the data folder, so
only someone who can write there can answer as FamilyWatch; where that path would
be too long for a socket address, a name derived from the folder is used, with
access limited to this user.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SOCKET_FILE = "familywatch-ui.socket"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
REQUEST, REPLY = b"show\n", b"shown\n"
TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    """The same name for the same data folder, in every process."""
    folder = data_dir.expanduser().resolve()
    if sys.platform != "win32":
        path = str(folder / SOCKET_FILE)
        if len(path.encode()) <= MAX_SOCKET_PATH:
            return path
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    return f"familywatch-ui-{digest}"


def activate_running_instance(data_dir: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask a tray app running on `data_dir` to show its window. True if one answered.

    Works before any QApplication exists (blocking calls, no event loop needed).
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(REQUEST)
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while REPLY not in answer and socket.waitForReadyRead(timeout_ms):
            answer += bytes(socket.readAll().data())
        return REPLY in answer
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for a second launch; emits `activation_requested` on the GUI thread."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. Call only after activate_running_instance() found nobody:
        a socket left behind by a crash is then stale and is removed."""
        with contextlib.suppress(OSError):  # the socket may live there; listen() says if not
            self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("a second launch cannot reach this one (%s): %s", self.name,
                    self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _accept(self) -> None:
        # Each client stays a child of the server until it closes: a launch is rare,
        # and deleteLater() on a socket PySide still wraps crashes Qt 6.12 here.
        while (client := self._server.nextPendingConnection()) is not None:
            client.readyRead.connect(lambda c=client: self._answer(c))

    def _answer(self, client: QLocalSocket) -> None:
        if REQUEST.strip() not in bytes(client.readAll().data()):
            client.disconnectFromServer()
            return
        client.write(REPLY)
        client.flush()
        client.disconnectFromServer()
        self.activation_requested.emit()
