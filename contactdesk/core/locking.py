"""The OS locks that keep writers and restores of one SQLite database apart.

Two lock files lie next to the database (the data folder, created 0700 / 0600):

- `<database>.lock`, the **writer lock**. Every process that opens the database holds it
  *shared*: the window for as long as it runs, each command-line command for as long as it
  runs. SQLite's own locking keeps their transactions apart. A **restore** takes it
  *exclusive*: it waits (with a timeout) until the writers are done, and while it replaces
  the file, a new writer waits for it instead of writing into a file that is about to go.
- `<database>.fenster.lock`, the **window lock**: held exclusively by a running window, so a
  second window (perhaps of another user) and a command-line restore know that a person is
  working with the database and refuse at once instead of waiting.

The operating system releases both when the process ends, even after a crash or kill, so a
stale lock file never blocks. POSIX: flock(2) (per open file, so two locks of one process
conflict like those of two processes); Windows: LockFileEx on the first byte.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

WRITER_SUFFIX = ".lock"
WINDOW_SUFFIX = ".fenster.lock"
#: how often a waiting lock tries again (seconds)
POLL_INTERVAL = 0.05


class FileLock:
    """One lock file; shared or exclusive; try, wait with a timeout, change the mode."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fh: IO[bytes] | None = None
        self._shared = False

    # ------------------------------------------------------------------ state
    @property
    def held(self) -> bool:
        return self._fh is not None

    @property
    def shared(self) -> bool:
        return self._fh is not None and self._shared

    # ------------------------------------------------------------------ acquire / release
    def acquire(self, *, shared: bool = False, timeout: float = 0.0) -> bool:
        """Take the lock; wait up to `timeout` seconds. False when another process holds it
        (in a conflicting mode) for longer. Already held: change to the requested mode."""
        if self._fh is not None:
            if self._shared == shared:
                return True
            return self._convert(shared=shared, timeout=timeout)
        fh = self._open()
        if not _wait(fh, shared=shared, timeout=timeout):
            fh.close()
            return False
        self._fh, self._shared = fh, shared
        if not shared:
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
                fh.write(str(os.getpid()).encode())
                fh.flush()
        return True

    def release(self) -> None:
        if self._fh is None:
            return
        with contextlib.suppress(OSError):
            _unlock(self._fh)
        self._fh.close()
        self._fh = None

    def _convert(self, *, shared: bool, timeout: float) -> bool:
        """Shared <-> exclusive. flock converts by dropping and taking again; when the new mode
        cannot be had in time, the old mode is taken back (blocking: nobody holds the file
        exclusively against a lock we just had shared)."""
        assert self._fh is not None
        old = self._shared
        with contextlib.suppress(OSError):
            _unlock(self._fh)
        if _wait(self._fh, shared=shared, timeout=timeout):
            self._shared = shared
            return True
        if not _wait(self._fh, shared=old, timeout=max(timeout, 30.0)):
            log.warning("lock %s lost while converting", self.path)
            self._fh.close()
            self._fh = None
        return False

    def _open(self) -> IO[bytes]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        return os.fdopen(fd, "r+b")

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class DatabaseLock(FileLock):
    """The writer lock `<database>.lock` (shared for writers, exclusive for a restore)."""

    def __init__(self, database: Path) -> None:
        super().__init__(Path(database).with_name(Path(database).name + WRITER_SUFFIX))


class WindowLock(FileLock):
    """The window lock `<database>.fenster.lock` (exclusive: one window per database)."""

    def __init__(self, database: Path) -> None:
        super().__init__(Path(database).with_name(Path(database).name + WINDOW_SUFFIX))


def is_in_use(database: Path) -> bool:
    """True when another process holds the writer lock (a window or a running command)."""
    lock = DatabaseLock(database)
    if lock.acquire():
        lock.release()
        return False
    return True


def window_is_open(database: Path) -> bool:
    """True when a contactdesk window has the database open."""
    lock = WindowLock(database)
    if lock.acquire():
        lock.release()
        return False
    return True


# --------------------------------------------------------------------------- OS specifics


def _wait(fh: IO[bytes], *, shared: bool, timeout: float) -> bool:
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        try:
            _try_lock(fh, shared=shared)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_INTERVAL)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _LOCKFILE_FAIL_IMMEDIATELY = 0x1
    _LOCKFILE_EXCLUSIVE_LOCK = 0x2
    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.LockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.LockFileEx.restype = wintypes.BOOL
    _kernel32.UnlockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.UnlockFileEx.restype = wintypes.BOOL

    def _try_lock(fh: IO[bytes], *, shared: bool) -> None:
        handle = msvcrt.get_osfhandle(fh.fileno())
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (0 if shared else _LOCKFILE_EXCLUSIVE_LOCK)
        if not _kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())):
            raise ctypes.WinError(ctypes.get_last_error())

    def _unlock(fh: IO[bytes]) -> None:
        handle = msvcrt.get_osfhandle(fh.fileno())
        if not _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped())):
            raise ctypes.WinError(ctypes.get_last_error())

else:
    import fcntl

    def _try_lock(fh: IO[bytes], *, shared: bool) -> None:
        fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
