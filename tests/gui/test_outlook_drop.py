"""Drops from Outlook for Windows: QMimeData laid out byte for byte as Qt for Windows hands
Outlook's FileGroupDescriptorW / FileContents to the application, and plain file URLs."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QUrl

from contactdesk.core.formats.msg import read_msg
from contactdesk.gui import outlook_drop as od
from tests.core.formats import msgbuild as mb

QT_W = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'
QT_A = 'application/x-qt-windows-mime;value="FileGroupDescriptor"'
QT_CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'
FD_ATTRIBUTES, FD_WRITESTIME, FD_FILESIZE, FD_PROGRESSUI = 0x4, 0x20, 0x40, 0x4000
FD_UNICODE = 0x80000000


def filedescriptor_w(name: str, size: int | None) -> bytes:
    """FILEDESCRIPTORW: dwFlags, clsid, sizel, pointl, dwFileAttributes, ftCreationTime,
    ftLastAccessTime, ftLastWriteTime, nFileSizeHigh, nFileSizeLow, WCHAR cFileName[260]."""
    flags = FD_ATTRIBUTES | FD_WRITESTIME | FD_PROGRESSUI | FD_UNICODE
    if size is not None:
        flags |= FD_FILESIZE
    written = mb.filetime(datetime(2026, 12, 7, 9, 30, tzinfo=UTC))
    record = struct.pack("<I16s8s8sI", flags, b"\0" * 16, b"\0" * 8, b"\0" * 8, 0x80)
    record += struct.pack("<QQQ", 0, 0, written)
    record += struct.pack("<II", (size or 0) >> 32, (size or 0) & 0xFFFFFFFF)
    record += name.encode("utf-16-le").ljust(520, b"\0")
    assert len(record) == 592
    return record


def filedescriptor_a(name: str, size: int) -> bytes:
    record = struct.pack(
        "<I16s8s8sIQQQII", FD_FILESIZE, b"\0" * 16, b"\0" * 8, b"\0" * 8, 0, 0, 0, 0, 0, size
    )
    # Windows writes "?" for what the ANSI code page lacks (the W descriptor keeps the name)
    return record + name.encode("cp1252", errors="replace").ljust(260, b"\0")


def outlook_mime(items: list[tuple[str, int | None]], contents: bytes) -> QMimeData:
    """What Qt for Windows shows of an Outlook drag: its private formats, both descriptors,
    FileContents (with lindex -1: the first item's bytes, or nothing for an IStorage)."""
    mime = QMimeData()
    group_w = struct.pack("<I", len(items)) + b"".join(filedescriptor_w(n, s) for n, s in items)
    group_a = struct.pack("<I", len(items)) + b"".join(
        filedescriptor_a(n, s or 0) for n, s in items
    )
    mime.setData('application/x-qt-windows-mime;value="RenPrivateMessages"', QByteArray(b"\0" * 64))
    mime.setData(QT_A, QByteArray(group_a))
    mime.setData(QT_W, QByteArray(group_w))
    mime.setData(QT_CONTENTS, QByteArray(contents))
    mime.setData('application/x-qt-windows-mime;value="FileNameW"', QByteArray())
    mime.setText("Von\tBetreff\tErhalten\nJörg Müller\tZugesagt: Vorstand\t07.12.2026")
    return mime


def contact_msg() -> bytes:
    b = mb.MsgBuilder("IPM.Contact")
    b.props.text(0x3A06, "Jörg").text(0x3A11, "Müller").text(0x3001, "Jörg Müller")
    return b.build()


def test_one_outlook_item_with_its_bytes_trimmed_to_the_size(qapp: object) -> None:
    data = contact_msg()
    padded = data + b"\0" * 3000  # GlobalSize of an HGLOBAL: rounded up
    mime = outlook_mime([("Jörg Müller.msg", len(data))], padded)
    assert od.accepts(mime)
    assert od.descriptors(mime) == [od.Descriptor("Jörg Müller.msg", len(data))]
    ((name, got),) = od.files_from_mime(mime)
    assert name == "Jörg Müller.msg" and got == data
    (contact,) = read_msg(got, source=name).contacts
    assert (contact.first_name, contact.last_name) == ("Jörg", "Müller")


def test_vcf_attachment_without_size_keeps_all_bytes(qapp: object) -> None:
    vcf = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena\r\nN:;Lena;;;\r\nEND:VCARD\r\n"
    mime = outlook_mime([("Unterordner\\Lena.vcf", None)], vcf)
    assert od.read_drop(mime).files == [("Lena.vcf", vcf)]


def test_several_items_only_the_first_brings_bytes(qapp: object) -> None:
    data = contact_msg()
    mime = outlook_mime([("Eins.msg", len(data)), ("Zwei.msg", 4096)], data)
    drop = od.read_drop(mime)
    assert drop.files == [("Eins.msg", data)]
    (problem,) = drop.problems
    assert problem.startswith("„Zwei.msg“: Outlook hat den Inhalt") and "Ordner" in problem


def test_mail_items_whose_contents_qt_cannot_read_go_to_outlook(qapp: object) -> None:
    """Outlook's IStorage arrives empty: the names are handed to outlook_bridge.py (which asks
    Outlook itself, see test_outlook_bridge.py); nothing is reported as missing yet."""
    mime = outlook_mime([("Zugesagt Vorstand.msg", None)], b"")
    assert od.accepts(mime)
    drop = od.read_drop(mime)
    assert drop.files == [] and drop.problems == []
    assert drop.outlook_items == ["Zugesagt Vorstand.msg"]


def test_ansi_descriptor_alone_and_unsafe_names(qapp: object) -> None:
    mime = QMimeData()
    body = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    group = struct.pack("<I", 1) + filedescriptor_a('Sitzung: "Ä".ics', len(body))
    mime.setData(QT_A, QByteArray(group))
    mime.setData(QT_CONTENTS, QByteArray(body + b"\0\0"))
    assert od.files_from_mime(mime) == [("Sitzung_ _Ä_.ics", body)]


def test_local_files_and_folders(qapp: object, tmp_path: Path) -> None:
    card = tmp_path / "Lena.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nEND:VCARD\r\n")
    folder = tmp_path / "Ordner"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(card)),
            QUrl.fromLocalFile(str(folder)),
            QUrl.fromLocalFile(str(tmp_path / "fehlt.msg")),
            QUrl("https://example.org/x.ics"),
        ]
    )
    assert od.accepts(mime)
    drop = od.read_drop(mime)
    assert drop.files == [("Lena.vcf", card.read_bytes())]
    assert drop.problems[0] == "„Ordner“ ist ein Ordner, keine Datei."
    assert drop.problems[1].startswith("„fehlt.msg“ kann nicht gelesen werden")


def test_text_and_web_links_are_not_accepted(qapp: object) -> None:
    text = QMimeData()
    text.setText("Vorstand")
    web = QMimeData()
    web.setUrls([QUrl("https://example.org/a.ics")])
    assert not od.accepts(text) and not od.accepts(web) and not od.accepts(None)
    broken = QMimeData()
    broken.setData(QT_W, QByteArray(struct.pack("<I", 3) + b"\0" * 100))  # cut off
    assert od.descriptors(broken) == [] and not od.accepts(broken)


def test_save_files_gives_unique_names(tmp_path: Path) -> None:
    paths = od.save_files(
        [("a.msg", b"1"), ("A.msg", b"2"), ("a.msg", b"3"), ("ohne", b"4")], tmp_path / "drop"
    )
    assert [p.name for p in paths] == ["a.msg", "A (2).msg", "a (3).msg", "ohne"]
    assert [p.read_bytes() for p in paths] == [b"1", b"2", b"3", b"4"]
