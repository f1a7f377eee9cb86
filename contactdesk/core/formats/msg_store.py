"""The MAPI properties of an Outlook .msg file ([MS-OXMSG]): the low floor under core.formats.msg.

A .msg file is an OLE compound file (read with `olefile`, BSD licence). Each object – the message,
every recipient, every attachment, an attached message – is a storage that holds:

- ``__properties_version1.0``: a header (32 bytes for the top-level message, 24 for an attached
  message, 8 for recipients and attachments) and 16-byte entries: tag (type in the low 16 bits,
  id in the high 16), flags, and the value itself for fixed-size types (integers, booleans,
  FILETIME) or the size of the value for the others;
- ``__substg1.0_IIIITTTT`` streams with the values of strings and binaries (IIII the id, TTTT the
  type, in hex); multi-valued properties have one stream per value, ``...-0000000N``;
- ``__recip_version1.0_#XXXXXXXX`` and ``__attach_version1.0_#XXXXXXXX`` storages;
- at the top only, ``__nameid_version1.0``: the map from named properties (a property set GUID
  plus a number (LID) or a name) to the ids 0x8000 and up that the storages use.

Nothing here knows what a contact or an appointment is; this module only reads values.
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import olefile

# Property types ([MS-OXCDATA] 2.11.1)
PT_I2 = 0x0002
PT_LONG = 0x0003
PT_FLOAT = 0x0004
PT_DOUBLE = 0x0005
PT_CURRENCY = 0x0006
PT_APPTIME = 0x0007
PT_ERROR = 0x000A
PT_BOOLEAN = 0x000B
PT_I8 = 0x0014
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_SYSTIME = 0x0040
PT_CLSID = 0x0048
PT_BINARY = 0x0102
PT_OBJECT = 0x000D
MV_FLAG = 0x1000

# Property sets of named properties
PS_MAPI = uuid.UUID("00020328-0000-0000-C000-000000000046")
PS_PUBLIC_STRINGS = uuid.UUID("00020329-0000-0000-C000-000000000046")
PSETID_APPOINTMENT = uuid.UUID("00062002-0000-0000-C000-000000000046")
PSETID_ADDRESS = uuid.UUID("00062004-0000-0000-C000-000000000046")
PSETID_COMMON = uuid.UUID("00062008-0000-0000-C000-000000000046")
PSETID_MEETING = uuid.UUID("6ED8DA90-450B-101B-98DA-00AA003F1305")

NAMEID = "__nameid_version1.0"
PROPERTIES = "__properties_version1.0"
SUBSTG = "__substg1.0_"
RECIP = "__recip_version1.0_"
ATTACH = "__attach_version1.0_"

_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
#: FILETIME values Outlook writes for "none" (4500-08-31 and the largest value)
_NO_TIME = (0x0CB34557A3DD4000, 0x7FFFFFFFFFFFFFFF)
_FIXED_SIZE = {PT_I2, PT_LONG, PT_FLOAT, PT_DOUBLE, PT_CURRENCY, PT_APPTIME, PT_ERROR}
_FIXED_SIZE |= {PT_BOOLEAN, PT_I8, PT_SYSTIME}


class MsgFormatError(Exception):
    """The compound file is readable but its MAPI structure is not (English, for logs)."""


def filetime(value: int) -> datetime | None:
    """A FILETIME (100 ns since 1601, UTC) as an aware datetime; None for Outlook's "none"."""
    if value <= 0 or value in _NO_TIME:
        return None
    try:
        return _FILETIME_EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


def minutes_since_1601(value: int) -> datetime:
    """A count of minutes since 1601-01-01 (recurrence blobs) as a naive datetime."""
    return datetime(1601, 1, 1) + timedelta(minutes=value)


@dataclass(frozen=True)
class NameMap:
    """Named properties of the file: (property set, LID or name) -> property id."""

    by_key: dict[tuple[uuid.UUID, int | str], int] = field(default_factory=dict)

    def id_of(self, guid: uuid.UUID, key: int | str) -> int | None:
        return self.by_key.get((guid, key))


class PropertyStore:
    """The properties of one storage (message, recipient, attachment) of a .msg file."""

    def __init__(
        self,
        ole: olefile.OleFileIO,
        path: list[str],
        header_size: int,
        names: NameMap,
        codepage: str = "cp1252",
        children: dict[tuple[str, ...], set[str]] | None = None,
    ) -> None:
        self.ole = ole
        self.path = path
        self.names = names
        self.codepage = codepage
        #: names below each storage of the file (listed once per file: a message with 200
        #: recipients has 200 storages, and listing the file per storage is quadratic)
        self.children = children if children is not None else list_children(ole)
        self._fixed: dict[int, tuple[int, bytes]] = {}  # id -> (type, 8 value bytes)
        self._streams: dict[int, tuple[int, str]] = {}  # id -> (type, stream name)
        self._read_fixed(header_size)
        self._list_streams()

    # ------------------------------------------------------------------ reading the storage

    def _read_fixed(self, header_size: int) -> None:
        entry = [*self.path, PROPERTIES]
        if not self.ole.exists(entry):
            return
        data = self.ole.openstream(entry).read()
        for offset in range(header_size, len(data) - 15, 16):
            tag, _flags = struct.unpack_from("<II", data, offset)
            ptype, pid = tag & 0xFFFF, tag >> 16
            if ptype in _FIXED_SIZE:
                self._fixed[pid] = (ptype, data[offset + 8 : offset + 16])

    def _list_streams(self) -> None:
        for name in self.children.get(tuple(self.path), ()):
            if not name.startswith(SUBSTG) or len(name) < len(SUBSTG) + 8:
                continue
            code = name[len(SUBSTG) : len(SUBSTG) + 8]
            if "-" in name[len(SUBSTG) :]:  # one value of a multi-valued property
                continue
            try:
                pid, ptype = int(code[:4], 16), int(code[4:], 16)
            except ValueError:
                continue
            self._streams[pid] = (ptype, name)

    def child_storages(self, prefix: str) -> list[list[str]]:
        """Paths of the recipient or attachment storages directly below, in file order."""
        found = self.children.get(tuple(self.path), set())
        return [[*self.path, name] for name in sorted(found) if name.startswith(prefix)]

    def _stream(self, name: str) -> bytes:
        return self.ole.openstream([*self.path, name]).read()

    # ------------------------------------------------------------------ values

    def has(self, pid: int) -> bool:
        return pid in self._fixed or pid in self._streams

    def named_id(self, guid: uuid.UUID, key: int | str) -> int | None:
        return self.names.id_of(guid, key)

    def raw(self, pid: int | None) -> object:
        """The value of a property: int, bool, float, datetime, str, bytes, list or None."""
        if pid is None:
            return None
        if pid in self._fixed:
            ptype, value = self._fixed[pid]
            return _fixed_value(ptype, value)
        if pid in self._streams:
            ptype, name = self._streams[pid]
            return self._stream_value(ptype, name)
        return None

    def _stream_value(self, ptype: int, name: str) -> object:
        if ptype == PT_UNICODE:
            return _utf16(self._stream(name))
        if ptype == PT_STRING8:
            return _eight_bit(self._stream(name), self.codepage)
        if ptype in (PT_BINARY, PT_CLSID):
            return self._stream(name)
        if ptype in (PT_UNICODE | MV_FLAG, PT_STRING8 | MV_FLAG, PT_BINARY | MV_FLAG):
            return list(self._multi(ptype, name))
        return None

    def _multi(self, ptype: int, name: str) -> Iterator[object]:
        lengths = self._stream(name)
        step = 8 if ptype == PT_BINARY | MV_FLAG else 4
        for index in range(len(lengths) // step):
            part = f"{name}-{index:08X}"
            if not self.ole.exists([*self.path, part]):
                continue
            data = self._stream(part)
            if ptype == PT_UNICODE | MV_FLAG:
                yield _utf16(data)
            elif ptype == PT_STRING8 | MV_FLAG:
                yield _eight_bit(data, self.codepage)
            else:
                yield data

    def text(self, pid: int | None) -> str:
        value = self.raw(pid)
        return value.strip() if isinstance(value, str) else ""

    def integer(self, pid: int | None) -> int | None:
        value = self.raw(pid)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def boolean(self, pid: int | None) -> bool:
        value = self.raw(pid)
        return bool(value) if isinstance(value, (bool, int)) else False

    def time(self, pid: int | None) -> datetime | None:
        value = self.raw(pid)
        return value if isinstance(value, datetime) else None

    def binary(self, pid: int | None) -> bytes:
        value = self.raw(pid)
        return value if isinstance(value, bytes) else b""

    def strings(self, pid: int | None) -> list[str]:
        value = self.raw(pid)
        if isinstance(value, str):
            return [value] if value.strip() else []
        if isinstance(value, list):
            return [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return []

    # named properties
    def named(self, guid: uuid.UUID, key: int | str) -> object:
        return self.raw(self.named_id(guid, key))

    def named_text(self, guid: uuid.UUID, key: int | str) -> str:
        return self.text(self.named_id(guid, key))

    def named_integer(self, guid: uuid.UUID, key: int | str) -> int | None:
        return self.integer(self.named_id(guid, key))

    def named_boolean(self, guid: uuid.UUID, key: int | str) -> bool:
        return self.boolean(self.named_id(guid, key))

    def named_time(self, guid: uuid.UUID, key: int | str) -> datetime | None:
        return self.time(self.named_id(guid, key))

    def named_binary(self, guid: uuid.UUID, key: int | str) -> bytes:
        return self.binary(self.named_id(guid, key))


def list_children(ole: olefile.OleFileIO) -> dict[tuple[str, ...], set[str]]:
    """Storage path -> names of the streams and storages directly in it."""
    children: dict[tuple[str, ...], set[str]] = {}
    for entry in ole.listdir(streams=True, storages=True):
        for depth in range(len(entry)):
            children.setdefault(tuple(entry[:depth]), set()).add(entry[depth])
    return children


def _fixed_value(ptype: int, value: bytes) -> object:
    if ptype == PT_I2:
        return struct.unpack_from("<h", value)[0]
    if ptype in (PT_LONG, PT_ERROR):
        return struct.unpack_from("<i", value)[0]
    if ptype == PT_BOOLEAN:
        return bool(value[0])  # one byte, 0 or 1; the rest of the 8 is padding
    if ptype in (PT_I8, PT_CURRENCY):
        return struct.unpack_from("<q", value)[0]
    if ptype in (PT_DOUBLE, PT_APPTIME):
        return struct.unpack_from("<d", value)[0]
    if ptype == PT_FLOAT:
        return struct.unpack_from("<f", value)[0]
    if ptype == PT_SYSTIME:
        return filetime(struct.unpack_from("<Q", value)[0])
    return None


def _utf16(data: bytes) -> str:
    if len(data) % 2:
        data = data[:-1]
    return data.decode("utf-16-le", errors="replace").split("\x00", 1)[0]


def _eight_bit(data: bytes, codepage: str) -> str:
    data = data.split(b"\x00", 1)[0]
    try:
        return data.decode(codepage)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")


def read_names(ole: olefile.OleFileIO) -> NameMap:
    """The named-property map of the file (empty when the file has none)."""
    if not ole.exists([NAMEID]):
        return NameMap()

    def stream(code: str) -> bytes:
        path = [NAMEID, f"{SUBSTG}{code}"]
        return ole.openstream(path).read() if ole.exists(path) else b""

    guids_data, entries, strings = stream("00020102"), stream("00030102"), stream("00040102")
    guids = [uuid.UUID(bytes_le=guids_data[i : i + 16]) for i in range(0, len(guids_data) - 15, 16)]
    result: dict[tuple[uuid.UUID, int | str], int] = {}
    for offset in range(0, len(entries) - 7, 8):
        key, info = struct.unpack_from("<II", entries, offset)
        is_string = info & 1
        guid_index = (info >> 1) & 0x7FFF
        pid = 0x8000 + (info >> 16)
        if guid_index == 1:
            guid = PS_MAPI
        elif guid_index == 2:
            guid = PS_PUBLIC_STRINGS
        elif 3 <= guid_index < len(guids) + 3:
            guid = guids[guid_index - 3]
        else:
            continue
        name: int | str = key
        if is_string:
            if key + 4 > len(strings):
                continue
            (length,) = struct.unpack_from("<I", strings, key)
            name = strings[key + 4 : key + 4 + length].decode("utf-16-le", errors="replace")
        result[(guid, name)] = pid
    return NameMap(result)


#: Windows code pages Outlook writes (PidTagMessageCodepage / PidTagInternetCodepage)
_CODEPAGES = {
    1250: "cp1250",
    1251: "cp1251",
    1252: "cp1252",
    1253: "cp1253",
    1254: "cp1254",
    1257: "cp1257",
    20127: "ascii",
    28591: "latin-1",
    28592: "iso8859-2",
    28605: "iso8859-15",
    65001: "utf-8",
    932: "cp932",
    936: "gbk",
    949: "cp949",
    950: "cp950",
}
PID_MESSAGE_CODEPAGE = 0x3FFD
PID_INTERNET_CODEPAGE = 0x3FDE
PID_MESSAGE_LOCALE = 0x3FF1
#: the ANSI code page of a Windows locale (LCID) where it is not Windows-1252
_LOCALE_CODEPAGES = {
    1029: 1250,  # cs-CZ
    1038: 1250,  # hu-HU
    1045: 1250,  # pl-PL
    1050: 1250,  # hr-HR
    1051: 1250,  # sk-SK
    1060: 1250,  # sl-SI
    1048: 1250,  # ro-RO
    1049: 1251,  # ru-RU
    1058: 1251,  # uk-UA
    1026: 1251,  # bg-BG
    1032: 1253,  # el-GR
    1055: 1254,  # tr-TR
    1063: 1257,  # lt-LT
    1062: 1257,  # lv-LV
    1061: 1257,  # et-EE
    1041: 932,  # ja-JP
    2052: 936,  # zh-CN
    1042: 949,  # ko-KR
    1028: 950,  # zh-TW
}


def codepage_name(number: int | None) -> str:
    return _CODEPAGES.get(number or 0, "cp1252")


def message_codepage(store: PropertyStore) -> str:
    """The code page of the 8-bit strings (PT_STRING8) of a message.

    PidTagMessageCodepage when present; else the ANSI code page of the message's locale
    (PidTagMessageLocaleId); else the internet code page when it is a single-byte one; else
    Windows-1252, what a German Outlook writes."""
    explicit = store.integer(PID_MESSAGE_CODEPAGE)
    if explicit in _CODEPAGES:
        return _CODEPAGES[explicit]
    locale = store.integer(PID_MESSAGE_LOCALE)
    if locale in _LOCALE_CODEPAGES:
        return _CODEPAGES[_LOCALE_CODEPAGES[locale]]
    internet = store.integer(PID_INTERNET_CODEPAGE)
    if internet in _CODEPAGES and internet != 65001:
        return _CODEPAGES[internet]
    return "cp1252"


@dataclass
class MsgFile:
    """An open .msg file: the message's properties, recipients and attachments."""

    ole: olefile.OleFileIO
    message: PropertyStore
    recipients: list[PropertyStore]
    attachments: list[PropertyStore]


def open_message(
    ole: olefile.OleFileIO,
    path: list[str] | None = None,
    names: NameMap | None = None,
    children: dict[tuple[str, ...], set[str]] | None = None,
) -> MsgFile:
    """The message at `path` (the top level, or an attached message's storage)."""
    path = path or []
    names = names if names is not None else read_names(ole)
    children = children if children is not None else list_children(ole)
    header = 32 if not path else 24
    probe = PropertyStore(ole, path, header, names, children=children)
    codepage = message_codepage(probe)
    message = (
        probe
        if codepage == "cp1252"
        else PropertyStore(ole, path, header, names, codepage, children)
    )
    recipients = [
        PropertyStore(ole, p, 8, names, codepage, children) for p in message.child_storages(RECIP)
    ]
    attachments = [
        PropertyStore(ole, p, 8, names, codepage, children) for p in message.child_storages(ATTACH)
    ]
    return MsgFile(ole, message, recipients, attachments)
