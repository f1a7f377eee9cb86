"""Writes Outlook .msg files for tests: a small compound-file (CFB, [MS-CFB] version 3) writer and
the MAPI property layout of [MS-OXMSG] on top of it.

olefile only reads; this writer lays the bytes out per the specifications, independent of the
reader under test (core.formats.msg_store): 512-byte sectors, a FAT, streams under 4096 bytes in
the mini stream with its own mini FAT, storages as balanced binary trees ordered the CFB way
(shorter names first, then by upper case).
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096


# --------------------------------------------------------------------------- CFB


@dataclass
class _Node:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: dict[str, _Node] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END


def _key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def write_cfb(files: dict[tuple[str, ...], bytes]) -> bytes:
    """A compound file holding `files`: path (storage names..., stream name) -> content."""
    root = _Node("Root Entry", 5)
    for path, data in files.items():
        node = root
        for part in path[:-1]:
            node = node.children.setdefault(part, _Node(part, 1))
        node.children[path[-1]] = _Node(path[-1], 2, data)
    nodes: list[_Node] = []

    def number(node: _Node) -> None:
        node.sid = len(nodes)
        nodes.append(node)
        for kid in node.children.values():
            number(kid)

    number(root)

    def tree(kids: list[_Node]) -> int:
        if not kids:
            return NOSTREAM
        middle = len(kids) // 2
        top = kids[middle]
        top.left = tree(kids[:middle])
        top.right = tree(kids[middle + 1 :])
        return top.sid

    for node in nodes:
        node.child = tree(sorted(node.children.values(), key=lambda n: _key(n.name)))
    # the mini stream and its FAT
    mini_data = bytearray()
    minifat: list[int] = []
    for node in nodes:
        if node.kind == 2 and 0 < len(node.data) < CUTOFF:
            count = -(-len(node.data) // MINI)
            node.start = len(minifat)
            minifat += [len(minifat) + i + 1 for i in range(count - 1)] + [END]
            mini_data += node.data + b"\x00" * (count * MINI - len(node.data))
    root.data = bytes(mini_data)
    # regular sectors: big streams, the mini stream, the mini FAT, the directory, the FAT
    fat: list[int] = []
    body = bytearray()

    def place(data: bytes) -> int:
        if not data:
            return END
        count = -(-len(data) // SECTOR)
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(END)
        body.extend(data + b"\x00" * (count * SECTOR - len(data)))
        return first

    for node in nodes:
        if node.kind == 2 and len(node.data) >= CUTOFF:
            node.start = place(node.data)
    root.start = place(root.data)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += b"\xff" * ((-len(minifat_bytes)) % SECTOR)
    minifat_start = place(minifat_bytes) if minifat else END
    directory = b"".join(_entry(node) for node in nodes)
    directory += _empty_entry() * ((-len(nodes)) % 4)
    directory_start = place(directory)
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("test files stay below 109 FAT sectors (no DIFAT)")
    fat_ids = list(range(len(fat), len(fat) + fat_sectors))
    fat += [FATSECT] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    body += b"".join(struct.pack("<I", v) for v in fat)
    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 40, 0)  # directory sectors (0 in version 3)
    struct.pack_into("<I", header, 44, fat_sectors)
    struct.pack_into("<I", header, 48, directory_start)
    struct.pack_into("<I", header, 56, CUTOFF)
    struct.pack_into("<I", header, 60, minifat_start)
    struct.pack_into("<I", header, 64, len(minifat_bytes) // SECTOR if minifat else 0)
    struct.pack_into("<II", header, 68, END, 0)
    difat = fat_ids + [FREE] * (109 - len(fat_ids))
    struct.pack_into("<109I", header, 76, *difat)
    return bytes(header) + bytes(body)


def _entry(node: _Node) -> bytes:
    name = node.name.encode("utf-16-le")
    if len(name) > 62:
        raise ValueError(f"name too long: {node.name}")
    size = len(node.data) if node.kind != 1 else 0
    start = 0 if node.kind == 1 else (node.start if size else END)
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name) + 2,
        node.kind,
        1,  # black
        node.left,
        node.right,
        node.child,
        b"\x00" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def _empty_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0
    )


# --------------------------------------------------------------------------- MAPI

PT_I2, PT_LONG, PT_BOOLEAN, PT_SYSTIME = 0x0002, 0x0003, 0x000B, 0x0040
PT_STRING8, PT_UNICODE, PT_BINARY = 0x001E, 0x001F, 0x0102
PT_MV_UNICODE = 0x101F

PS_PUBLIC_STRINGS = uuid.UUID("00020329-0000-0000-C000-000000000046")
PSETID_APPOINTMENT = uuid.UUID("00062002-0000-0000-C000-000000000046")
PSETID_ADDRESS = uuid.UUID("00062004-0000-0000-C000-000000000046")
PSETID_COMMON = uuid.UUID("00062008-0000-0000-C000-000000000046")
PSETID_MEETING = uuid.UUID("6ED8DA90-450B-101B-98DA-00AA003F1305")


def filetime(moment: datetime) -> int:
    delta = moment.astimezone(UTC) - datetime(1601, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


class Props:
    """The properties of one storage; values by property id and type."""

    def __init__(self) -> None:
        self.values: dict[int, tuple[int, object]] = {}

    def set(self, pid: int, ptype: int, value: object) -> Props:
        self.values[pid] = (ptype, value)
        return self

    def text(self, pid: int, value: str) -> Props:
        return self.set(pid, PT_UNICODE, value)

    def files(self, prefix: tuple[str, ...], header: bytes) -> dict[tuple[str, ...], bytes]:
        out: dict[tuple[str, ...], bytes] = {}
        entries = bytearray(header)
        for pid, (ptype, value) in sorted(self.values.items()):
            tag = (pid << 16) | ptype
            if ptype in (PT_I2, PT_LONG, PT_BOOLEAN, PT_SYSTIME):
                if ptype == PT_SYSTIME:
                    assert isinstance(value, datetime)
                    raw = struct.pack("<Q", filetime(value))
                elif ptype == PT_I2:
                    raw = struct.pack("<hxxxxxx", int(value))  # type: ignore[call-overload]
                elif ptype == PT_BOOLEAN:
                    raw = struct.pack("<Hxxxxxx", 1 if value else 0)
                else:
                    raw = struct.pack("<ixxxx", int(value))  # type: ignore[call-overload]
                entries += struct.pack("<II", tag, 6) + raw
                continue
            name = f"__substg1.0_{pid:04X}{ptype:04X}"
            if ptype == PT_MV_UNICODE:
                assert isinstance(value, list)
                parts = [v.encode("utf-16-le") + b"\x00\x00" for v in value]
                out[(*prefix, name)] = b"".join(struct.pack("<I", len(p)) for p in parts)
                for index, part in enumerate(parts):
                    out[(*prefix, f"{name}-{index:08X}")] = part
                size = 4 * len(parts)
            else:
                if ptype == PT_UNICODE:
                    assert isinstance(value, str)
                    data = value.encode("utf-16-le") + b"\x00\x00"
                elif ptype == PT_STRING8:
                    assert isinstance(value, bytes)
                    data = value + b"\x00"
                else:
                    assert isinstance(value, bytes)
                    data = value
                out[(*prefix, name)] = data
                size = len(data)
            entries += struct.pack("<IIII", tag, 6, size, 0)
        out[(*prefix, "__properties_version1.0")] = bytes(entries)
        return out


class MsgBuilder:
    """An Outlook item: message properties, named properties, recipients and attachments."""

    def __init__(self, message_class: str) -> None:
        self.props = Props().text(0x001A, message_class)
        self.recipients: list[Props] = []
        self.attachments: list[Props | MsgBuilder] = []
        self.names: list[tuple[uuid.UUID, int | str]] = []

    def named_id(self, guid: uuid.UUID, key: int | str) -> int:
        if (guid, key) not in self.names:
            self.names.append((guid, key))
        return 0x8000 + self.names.index((guid, key))

    def named(self, guid: uuid.UUID, key: int | str, ptype: int, value: object) -> MsgBuilder:
        self.props.set(self.named_id(guid, key), ptype, value)
        return self

    def recipient(
        self, name: str, email: str, kind: int = 1, flags: int = 1, track: int = 0
    ) -> Props:
        props = Props().text(0x3001, name).text(0x3003, email).text(0x3002, "SMTP")
        props.text(0x39FE, email).set(0x0C15, PT_LONG, kind).set(0x5FFD, PT_LONG, flags)
        props.set(0x5FFF, PT_LONG, track)
        self.recipients.append(props)
        return props

    def attach_file(self, filename: str, data: bytes, mime: str = "") -> None:
        props = Props().text(0x3707, filename).text(0x3704, filename[:12])
        props.set(0x3705, PT_LONG, 1).set(0x3701, PT_BINARY, data)
        if mime:
            props.text(0x370E, mime)
        self.attachments.append(props)

    def attach_item(self, item: MsgBuilder) -> None:
        self.attachments.append(item)

    def _files(self, prefix: tuple[str, ...], top: bool) -> dict[tuple[str, ...], bytes]:
        counts = struct.pack("<IIII", *(len(self.recipients), len(self.attachments)) * 2)
        header = b"\x00" * 8 + counts + (b"\x00" * 8 if top else b"")
        out = self.props.files(prefix, header)
        for index, recipient in enumerate(self.recipients):
            out |= recipient.files((*prefix, f"__recip_version1.0_#{index:08X}"), b"\x00" * 8)
        for index, attachment in enumerate(self.attachments):
            storage = (*prefix, f"__attach_version1.0_#{index:08X}")
            if isinstance(attachment, MsgBuilder):
                head = Props().set(0x3705, PT_LONG, 5).text(0x3707, "Element.msg")
                out |= head.files(storage, b"\x00" * 8)
                out |= attachment._files((*storage, "__substg1.0_3701000D"), top=False)
            else:
                out |= attachment.files(storage, b"\x00" * 8)
        return out

    def _nameid(self) -> dict[tuple[str, ...], bytes]:
        guids: list[uuid.UUID] = []
        entries = bytearray()
        strings = bytearray()
        for index, (guid, key) in enumerate(self.names):
            if guid == PS_PUBLIC_STRINGS:
                guid_index = 2
            else:
                if guid not in guids:
                    guids.append(guid)
                guid_index = 3 + guids.index(guid)
            if isinstance(key, str):
                offset = len(strings)
                encoded = key.encode("utf-16-le")
                strings += struct.pack("<I", len(encoded)) + encoded
                strings += b"\x00" * ((-len(strings)) % 4)
                entries += struct.pack("<II", offset, (index << 16) | (guid_index << 1) | 1)
            else:
                entries += struct.pack("<II", key, (index << 16) | (guid_index << 1))
        root = ("__nameid_version1.0",)
        return {
            (*root, "__substg1.0_00020102"): b"".join(g.bytes_le for g in guids),
            (*root, "__substg1.0_00030102"): bytes(entries),
            (*root, "__substg1.0_00040102"): bytes(strings),
        }

    def build(self) -> bytes:
        return write_cfb(self._files((), top=True) | self._nameid())


# --------------------------------------------------------------------------- calendar blobs


def minutes(moment: datetime | date) -> int:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return int((moment - datetime(1601, 1, 1)) / timedelta(minutes=1))


def global_id(uid: str | None = None, raw: bytes = b"\x11" * 16, day: date | None = None) -> bytes:
    """A PidLidGlobalObjectId: with the "vCal-Uid" marker and `uid`, or Outlook's own `raw`."""
    data = b"vCal-Uid" + struct.pack("<I", 1) + uid.encode() + b"\x00" if uid else raw
    stamp = struct.pack(">HBB", day.year, day.month, day.day) if day else b"\x00" * 4
    prefix = bytes.fromhex("040000008200E00074C5B7101A82E008")
    return prefix + stamp + b"\x00" * 16 + struct.pack("<I", len(data)) + data


def tz_definition(key: str) -> bytes:
    """A TZDEFINITION with the Windows key name and one rule (its contents are not read)."""
    name = key.encode("utf-16-le")
    head = struct.pack("<BBHHH", 2, 1, 6 + len(name), 2, len(key)) + name
    return head + struct.pack("<H", 1) + b"\x00" * 66


def recurrence(
    *,
    frequency: int,
    pattern: int,
    period: int,
    specific: bytes,
    first: date,
    start_minutes: int,
    end_minutes: int,
    end_type: int = 0x2023,
    count: int = 0,
    last: date | None = None,
    deleted: tuple[date, ...] = (),
    changed: tuple[tuple[datetime, datetime, datetime, str | None], ...] = (),
) -> bytes:
    """An AppointmentRecurrencePattern ([MS-OXOCAL] 2.2.1.44.5); `changed` holds (original
    start, new start, new end, new subject or None) of changed occurrences."""
    out = struct.pack("<HHHHHIII", 0x3004, 0x3004, frequency, pattern, 0, 0, period, 0)
    out += specific
    out += struct.pack("<III", end_type, count, 1)
    all_deleted = sorted({minutes(d) for d in deleted} | {minutes(c[0].date()) for c in changed})
    out += struct.pack(f"<I{len(all_deleted)}I", len(all_deleted), *all_deleted)
    modified = sorted(minutes(c[1].date()) for c in changed)
    out += struct.pack(f"<I{len(modified)}I", len(modified), *modified)
    out += struct.pack("<II", minutes(first), minutes(last) if last else 0x5AE980DF)
    out += struct.pack("<IIII", 0x3006, 0x3009, start_minutes, end_minutes)
    out += struct.pack("<H", len(changed))
    for original, start, end, subject in changed:
        flags = 0x1 if subject else 0
        out += struct.pack("<IIIH", minutes(start), minutes(end), minutes(original), flags)
        if subject:
            raw = subject.encode("cp1252", errors="replace")
            out += struct.pack("<HH", len(raw) + 1, len(raw)) + raw
    out += struct.pack("<I", 0)  # ReservedBlock1
    for original, start, end, subject in changed:
        out += struct.pack("<I", 0)  # ChangeHighlight size (writer 0x3009)
        out += struct.pack("<I", 0)  # ReservedBlockEE1
        if subject:
            out += struct.pack("<III", minutes(start), minutes(end), minutes(original))
            out += struct.pack("<H", len(subject)) + subject.encode("utf-16-le")
            out += struct.pack("<I", 0)  # ReservedBlockEE2
    out += struct.pack("<I", 0)  # ReservedBlock2
    return out
