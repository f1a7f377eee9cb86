"""Items dragged out of Outlook for Windows (and plain files) onto the window, as (name, bytes).

Outlook does not drop files: it offers the Windows clipboard formats ``FileGroupDescriptorW``
(FILEGROUPDESCRIPTORW: a count, then one 592-byte FILEDESCRIPTORW per item with its UTF-16 file
name, "Vorstand.msg") and ``FileContents`` (the bytes). Qt for Windows passes formats it has no
converter for under the MIME type ``application/x-qt-windows-mime;value="<format>"`` and asks the
source for them with ``lindex = -1``, as an HGLOBAL or else as an IStream. What arrives therefore:

- one item: its bytes (an HGLOBAL may be longer than the file: the descriptor's size trims it);
- several items: Qt can only ask for the first item's bytes, the others stay empty;
- mails, meetings or contacts dragged from Outlook's list (Outlook's private formats
  ``RenPrivateMessages`` / ``RenPrivateItem`` come along): Outlook offers their FileContents only
  as an IStorage, which Qt does not read, so the bytes are empty. Their names go to
  `Drop.outlook_items`; outlook_bridge.py then asks the running Outlook to save exactly those
  items as .msg files (on other systems, or when that fails, a German message names the way
  round it: drag the items into a folder first and from there onto the window).

Plain files (``text/uri-list``, from Explorer or a desktop) are read from disk.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData

from contactdesk.core.errors import os_reason
from contactdesk.core.i18n import _

WINDOWS_MIME = 'application/x-qt-windows-mime;value="{}"'
DESCRIPTOR_W = WINDOWS_MIME.format("FileGroupDescriptorW")
DESCRIPTOR_A = WINDOWS_MIME.format("FileGroupDescriptor")
CONTENTS = WINDOWS_MIME.format("FileContents")
#: FILEDESCRIPTORW / FILEDESCRIPTORA: 72 bytes of fields, then cFileName[260]
RECORD_W, RECORD_A, NAME_OFFSET = 592, 332, 72
FD_FILESIZE = 0x40
#: formats only Outlook's own item list offers (not a drag of attachments or of files)
OUTLOOK_LIST_FORMATS = ("RenPrivateMessages", "RenPrivateItem", "RenPrivateLatestMessages")
MAX_BYTES = 50 * 1024 * 1024  # more than any .msg, .vcf or .ics the imports read


@dataclass(frozen=True)
class Descriptor:
    """One FILEDESCRIPTOR: the file name and, when the source gave it, the size."""

    name: str
    size: int | None


@dataclass
class Drop:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    #: German, one line per dropped item that could not be taken
    problems: list[str] = field(default_factory=list)
    #: file names of items dragged out of Outlook's list, whose bytes only Outlook can give
    #: (outlook_bridge.fetch_selection); empty for every other drop
    outlook_items: list[str] = field(default_factory=list)


def _format(mime: QMimeData, name: str) -> bytes:
    """The bytes of a format (Qt on Windows names it as above; other sources may not)."""
    for candidate in (name, name.partition('value="')[2].rstrip('"')):
        if candidate and mime.hasFormat(candidate):
            return bytes(mime.data(candidate).data())
    return b""


def descriptors(mime: QMimeData) -> list[Descriptor]:
    """The items a FileGroupDescriptorW (or the ANSI FileGroupDescriptor) describes."""
    data, record, encoding = _format(mime, DESCRIPTOR_W), RECORD_W, "utf-16-le"
    if len(data) < 4:
        data, record, encoding = _format(mime, DESCRIPTOR_A), RECORD_A, "mbcs"
    if len(data) < 4:
        return []
    (count,) = struct.unpack_from("<I", data, 0)
    found: list[Descriptor] = []
    for index in range(min(count, (len(data) - 4) // record)):
        base = 4 + index * record
        flags = struct.unpack_from("<I", data, base)[0]
        high, low = struct.unpack_from("<II", data, base + 64)
        raw = data[base + NAME_OFFSET : base + record]
        name = _decode_name(raw, encoding)
        size = (high << 32) | low if flags & FD_FILESIZE else None
        found.append(Descriptor(_plain_name(name, index), size))
    return found


def _decode_name(raw: bytes, encoding: str) -> str:
    if encoding == "utf-16-le":
        return raw.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
    text = raw.split(b"\x00", 1)[0]
    try:
        return text.decode("mbcs")
    except LookupError:  # not on Windows: the ANSI code page of a German Windows
        return text.decode("cp1252", errors="replace")


def _plain_name(name: str, index: int) -> str:
    """The last part of a name (a virtual folder may send "Ordner\\Datei.msg"), never empty."""
    name = name.replace("/", "\\").rsplit("\\", 1)[-1].strip()
    cleaned = "".join("_" if ch in '<>:"|?*' or ord(ch) < 32 else ch for ch in name)
    return cleaned.strip(" .") or f"Outlook-Element {index + 1}"


def from_outlook_list(mime: QMimeData) -> bool:
    """Whether the drag comes from Outlook's item list (mails, meetings, contacts)."""
    formats = mime.formats()
    return any(
        candidate in formats
        for name in OUTLOOK_LIST_FORMATS
        for candidate in (WINDOWS_MIME.format(name), name)
    )


def accepts(mime: QMimeData | None) -> bool:
    """Whether a drag brings files or Outlook items (the window then accepts it)."""
    if mime is None:
        return False
    if descriptors(mime):
        return True
    return mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())


def read_drop(mime: QMimeData) -> Drop:
    """Everything a drop brings: Outlook items and local files, plus what could not be read."""
    drop = Drop()
    items = descriptors(mime)
    if items:
        contents = _format(mime, CONTENTS)
        if (
            not contents
            and from_outlook_list(mime)
            and all(item.name.lower().endswith(".msg") for item in items)
        ):
            # Outlook keeps these as IStorage: only Outlook itself can save them
            drop.outlook_items = [item.name for item in items]
            return drop
        for index, item in enumerate(items):
            data = contents if index == 0 else b""
            if data and item.size is not None and 0 < item.size <= len(data):
                data = data[: item.size]  # an HGLOBAL is rounded up to its allocation size
            if data:
                drop.files.append((item.name, data))
            else:
                drop.problems.append(missing_text(item.name))
        return drop
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                _read_file(Path(url.toLocalFile()), drop)
    return drop


def files_from_mime(mime: QMimeData) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every dropped item that could be read."""
    return read_drop(mime).files


def missing_text(name: str) -> str:
    return _(
        "„{name}“: Outlook hat den Inhalt beim Ziehen nicht mitgegeben. Bitte ziehen Sie das "
        "Element zuerst in einen Ordner (z. B. auf den Desktop) und von dort in das Fenster."
    ).format(name=name)


def _read_file(path: Path, drop: Drop) -> None:
    try:
        if path.is_dir():
            drop.problems.append(_("„{name}“ ist ein Ordner, keine Datei.").format(name=path.name))
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            drop.problems.append(
                _("„{name}“ ist zu groß ({size} MB).").format(
                    name=path.name, size=size // 1024 // 1024
                )
            )
            return
        drop.files.append((path.name, path.read_bytes()))
    except OSError as exc:
        drop.problems.append(
            _("„{name}“ kann nicht gelesen werden ({reason}).").format(
                name=path.name, reason=os_reason(exc)
            )
        )


def save_files(files: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write dropped items into `folder` (new, private) for an import that takes paths; names
    that occur twice get " (2)", " (3)" ... before the suffix."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths: list[Path] = []
    used: set[str] = set()
    for name, data in files:
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate, counter = name, 1
        while candidate.casefold() in used:
            counter += 1
            candidate = f"{stem} ({counter}){dot}{suffix}"
        used.add(candidate.casefold())
        path = folder / candidate
        path.write_bytes(data)
        paths.append(path)
    return paths
