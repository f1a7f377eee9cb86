"""Writing files so that a failure never leaves half a file or destroys the previous one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from contactdesk.core.errors import ContactdeskError, os_reason


def atomic_write(path: Path | str, data: bytes) -> Path:
    """Write `data` to a temporary file in the same folder, flush it to disk, then rename.

    Raises ContactdeskError with a German message when the folder is missing or not writable.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise ContactdeskError(f"Der Ordner „{folder}“ existiert nicht.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ContactdeskError(
            f"In den Ordner „{folder}“ kann nicht geschrieben werden ({os_reason(exc)})."
        ) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise ContactdeskError(
            f"Die Datei „{target.name}“ konnte nicht geschrieben werden ({os_reason(exc)}). "
            "Eine vorhandene Datei wurde nicht verändert."
        ) from exc
    return target
