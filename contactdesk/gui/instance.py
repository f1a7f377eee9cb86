"""One window per database: a second start hands over to the running one (QLocalServer).

The server name is derived from the database (its resolved path or URL) and the user, so two
databases can be open side by side, but the same one only once. The second process sends
"activate" and waits for "ok"; the first brings its window to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
OK = b"ok\n"


def server_name(database_url: str) -> str:
    """The channel's name. POSIX: the full path of a socket in a folder only this user can
    enter (0700), so another local user can neither listen there first nor connect; Windows:
    a named pipe of this user's session (QLocalServer's UserAccessOption)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name (rare service accounts)
        user = ""
    digest = hashlib.sha256(f"{user}\0{database_url}".encode()).hexdigest()[:24]
    if sys.platform == "win32":
        return f"contactdesk-{digest}"
    return str(private_runtime_folder() / f"cd-{digest[:16]}.sock")


#: longest socket path POSIX allows (sun_path is 108 bytes on Linux, 104 on macOS)
_SOCKET_PATH_MAX = 103


def private_runtime_folder() -> Path:
    """A folder for this user's sockets: `$XDG_RUNTIME_DIR/contactdesk`, else
    `<user data>/contactdesk/laufzeit`, else one below the temp folder named after the user
    id; created 0700, used only when it belongs to this user and is 0700."""
    from platformdirs import user_data_path

    candidates = []
    if runtime := os.environ.get("XDG_RUNTIME_DIR"):
        candidates.append(Path(runtime) / "contactdesk")
    candidates.append(user_data_path("contactdesk", appauthor=False) / "laufzeit")
    candidates.append(Path(tempfile.gettempdir()) / f"contactdesk-{os.getuid()}")
    for folder in candidates:
        if len(os.fsencode(folder)) + len("/cd-0123456789abcdef.sock") > _SOCKET_PATH_MAX:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            st = folder.lstat()
            if st.st_uid != os.getuid() or not stat.S_ISDIR(st.st_mode):
                log.warning("%s belongs to someone else; not used for the instance socket", folder)
                continue
            if stat.S_IMODE(st.st_mode) != 0o700:
                folder.chmod(0o700)
        except OSError as exc:
            log.info("cannot use %s for the instance socket: %r", folder, exc)
            continue
        return folder
    raise OSError("no private folder for the instance socket")


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
