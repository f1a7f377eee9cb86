"""One window per database: a second start hands over to the running one (QLocalServer).

The server name is derived from the database (its resolved path or URL) and the user, so two
databases can be open side by side, but the same one only once. The second process sends
"activate" and waits for "ok"; the first brings its window to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
OK = b"ok\n"


def server_name(database_url: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name (rare service accounts)
        user = ""
    digest = hashlib.sha256(f"{user}\0{database_url}".encode()).hexdigest()[:24]
    return f"contactdesk-{digest}"


def activate_running(name: str, timeout_ms: int = 1500) -> bool:
    """Ask a running instance to come to the front; True when one is running.

    A connection is only accepted by a live process (a stale socket file refuses it). An
    instance that is still starting (opening its database) answers only later; its request
    waits in the socket and brings the window forward once the start is done, so a
    connection without an answer also counts as running.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ACTIVATE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    if not (socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()) == OK):
        log.info("running instance %s is busy; its window comes forward when it is ready", name)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """The server side, owned by the running application."""

    sig_activation_requested = Signal()
    """Another start of the same database asked this window to come to the front."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        ok = self.server.listen(self.name)
        if not ok:
            # a stale socket file left by a killed process (Unix): nobody answered, remove it
            QLocalServer.removeServer(self.name)
            ok = self.server.listen(self.name)
        if ok:
            log.info("single instance server listening as %s", self.name)
        else:
            log.warning("single instance server not available: %s", self.server.errorString())
        return ok

    def _on_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_ready(socket)

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if ACTIVATE.strip() in data:
            log.info("activation requested by a second start")
            socket.write(OK)
            socket.flush()
            self.sig_activation_requested.emit()
