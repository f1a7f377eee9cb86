"""Mails, meetings and contacts dragged out of Outlook's item list, fetched through Outlook.

When an item is dragged out of Outlook's list (not an attachment), Outlook offers its
``FileContents`` only as an IStorage (the compound file that is the .msg). Qt for Windows asks
for HGLOBAL or IStream only and hands the application empty bytes (see outlook_drop.py).

Two roads lead to the .msg:

1. Read the drop's IDataObject ourselves: Qt does not expose it from the QDropEvent, and the
   window's IDropTarget belongs to Qt. Replacing it (``RevokeDragDrop`` + ``RegisterDragDrop``
   of our own COM object through ctypes) means re-implementing Qt's whole drop handling for
   every drag onto the window, including files from Explorer, in untestable native code; a
   crash there kills the window with the user's unsaved edits.
2. Ask the running Outlook, as Task Coach and many mail archivers do: while a drag from the
   list is dropped, the dragged items are exactly Outlook's selection in its active window
   (``Application.ActiveExplorer().Selection``), and ``item.SaveAs(path, olMSGUnicode)`` writes
   the very .msg that Outlook would have put into the IStorage.

This module takes road 2, and makes it safe: the selection must match the dragged items (same
count, names that fit the descriptors' file names), every item must be a mail, meeting, meeting
answer, appointment or contact, and any failure imports nothing at all and says in German why,
with the road that always works (drag into a folder first). Outlook's object model guard may
show its security prompt ("Ein Programm versucht, auf ... zuzugreifen") on ``SaveAs`` when no
virus scanner is active; refusing it ends here with a German message as well.

The COM calls run in the worker thread of the progress dialog (its own COM apartment), so the
window stays responsive while Outlook's prompt waits for the user. ``pywin32`` is a dependency
on Windows only and is imported inside `connect_outlook`; the module itself imports cleanly
everywhere and has no Qt in it (tests drive it with a fake object model).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from contactdesk.core.errors import os_reason
from contactdesk.core.i18n import _
from contactdesk.core.progress import Cancelled, Progress, advance

log = logging.getLogger(__name__)

#: OlSaveAsType.olMSGUnicode: names beyond Windows-1252 (a Turkish surname) survive
OL_MSG_UNICODE = 9
#: OlObjectClass values the import reads: mail, appointment, contact, meeting request,
#: cancellation, negative / positive / tentative meeting answer
SUPPORTED_CLASSES = frozenset({43, 26, 40, 53, 54, 55, 56, 57})
OL_TASK, OL_NOTE, OL_POST, OL_REPORT, OL_JOURNAL, OL_DISTRIBUTION_LIST = 48, 44, 45, 46, 42, 69
OL_TASK_REQUESTS = frozenset({47, 49, 50, 51, 52})


def kind_name(kind: int) -> str | None:
    """German name of an Outlook item class the import does not read (None: unknown)."""
    if kind == OL_TASK:
        return _("Aufgabe")
    if kind in OL_TASK_REQUESTS:
        return _("Aufgabenanfrage")
    if kind == OL_NOTE:
        return _("Notiz")
    if kind == OL_POST:
        return _("Bereitstellungsnachricht")
    if kind == OL_REPORT:
        return _("Übermittlungsbericht")
    if kind == OL_JOURNAL:
        return _("Journaleintrag")
    if kind == OL_DISTRIBUTION_LIST:
        return _("Verteilerliste")
    return None


# HRESULTs (unsigned) that have their own message
MK_E_UNAVAILABLE = 0x800401E3  # nothing registered in the running object table
CO_E_CLASSSTRING = 0x800401F3  # "Outlook.Application" unknown: no classic Outlook
REGDB_E_CLASSNOTREG = 0x80040154
MAPI_E_NOT_SUPPORTED = 0x80040102  # the object model guard's prompt was refused
E_ACCESSDENIED = 0x80070005  # guard set to "automatically deny"
RPC_E_CALL_REJECTED = 0x80010001  # Outlook busy (a modal dialog is open)
RPC_E_SERVERCALL_RETRYLATER = 0x8001010A
DISP_E_EXCEPTION = 0x80020009  # the real code is in the EXCEPINFO
BUSY = (RPC_E_CALL_REJECTED, RPC_E_SERVERCALL_RETRYLATER)
BUSY_RETRIES, BUSY_WAIT = 20, 0.25  # Outlook gets five seconds to finish what it does
COMPOUND_FILE = bytes.fromhex("D0CF11E0A1B11AE1")


class BridgeError(Exception):
    """A German message why the dragged items could not be fetched from Outlook."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FetchCancelled(Cancelled):
    """The user pressed "Abbrechen" while Outlook saved the items."""


@dataclass
class Fetched:
    """The .msg files Outlook wrote (all of them) or, on any failure, none and the reasons."""

    paths: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- connecting
def connect_outlook() -> Any:
    """The running Outlook's Application object (Windows only; pywin32 is imported here)."""
    if sys.platform != "win32":
        raise BridgeError(_("Elemente direkt aus Outlook zu holen geht nur unter Windows."))
    import win32com.client  # Windows only, and only when a drop needs it

    return win32com.client.GetActiveObject("Outlook.Application")


@contextmanager
def com_apartment() -> Iterator[None]:
    """COM set up for the calling (worker) thread, and torn down again."""
    if sys.platform != "win32":
        yield
        return
    import pythoncom  # Windows only

    try:
        pythoncom.CoInitialize()  # S_FALSE (already set up for this thread) counts as success
        ready = True
    except Exception as exc:  # RPC_E_CHANGED_MODE: set up otherwise, still usable
        log.info("CoInitialize: %r; using the thread's COM as it is", exc)
        ready = False
    try:
        yield
    finally:
        if ready:
            pythoncom.CoUninitialize()


def hresult(exc: BaseException) -> int | None:
    """The HRESULT of a COM error (pywintypes.com_error: hresult, strerror, excepinfo, argerr),
    unsigned; for DISP_E_EXCEPTION the code Outlook put into the EXCEPINFO."""
    code = getattr(exc, "hresult", None)
    if not isinstance(code, int):
        return None
    code &= 0xFFFFFFFF
    info = getattr(exc, "excepinfo", None)
    if code == DISP_E_EXCEPTION and isinstance(info, tuple) and len(info) > 5:
        inner = info[5]
        if isinstance(inner, int) and inner:
            return inner & 0xFFFFFFFF
    return code


def _detail(exc: BaseException) -> str:
    info = getattr(exc, "excepinfo", None)
    if isinstance(info, tuple) and len(info) > 2 and isinstance(info[2], str) and info[2]:
        return info[2].strip()
    text = getattr(exc, "strerror", None)
    return str(text or exc).strip()


def _call(what: Callable[[], Any]) -> Any:
    """One call into Outlook; waits while Outlook reports that it is busy."""
    for attempt in range(BUSY_RETRIES + 1):
        try:
            return what()
        except BridgeError:
            raise
        except Exception as exc:  # pywintypes.com_error (no common base to name)
            if hresult(exc) in BUSY and attempt < BUSY_RETRIES:
                time.sleep(BUSY_WAIT)
                continue
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _connect(connect: Callable[[], Any]) -> Any:
    try:
        return _call(connect)
    except BridgeError:
        raise
    except Exception as exc:  # see _call
        code = hresult(exc)
        log.info("Outlook not reachable: %r", exc)
        if code == MK_E_UNAVAILABLE:
            raise BridgeError(
                _(
                    "Outlook läuft nicht (oder läuft mit anderen Rechten als contactdesk, "
                    "z. B. „Als Administrator ausführen“). Bitte lassen Sie Outlook geöffnet, "
                    "während Sie Elemente herüberziehen."
                )
            ) from exc
        if code in (CO_E_CLASSSTRING, REGDB_E_CLASSNOTREG) or isinstance(exc, ImportError):
            raise BridgeError(
                _(
                    "Das klassische Outlook ist auf diesem Rechner nicht eingerichtet; das "
                    "„neue Outlook“ lässt sich von anderen Programmen nicht abfragen."
                )
            ) from exc
        if code in BUSY:
            raise BridgeError(_busy_text()) from exc
        raise BridgeError(
            _("Outlook antwortet nicht ({detail}).").format(detail=_detail(exc))
        ) from exc


def _busy_text() -> str:
    return _(
        "Outlook ist beschäftigt (vielleicht ist dort noch ein Fenster oder eine Abfrage "
        "offen). Bitte schließen Sie es und ziehen Sie die Elemente noch einmal herüber."
    )


# ---------------------------------------------------------------------- matching
def _norm(text: str) -> str:
    """Letters and digits only: Outlook leaves ':' '/' '?' out of the file names it offers."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _stem(name: str) -> str:
    return name[: -len(".msg")] if name.lower().endswith(".msg") else name


def _text(item: Any, attribute: str) -> str:
    """A plain text property of an item ("" when it has none or Outlook refuses it)."""
    try:
        value = _call(lambda: getattr(item, attribute))
    except Exception:  # a missing property is simply no candidate
        return ""
    return value if isinstance(value, str) else ""


def names_of(item: Any) -> list[str]:
    """What Outlook may have named the dragged file after: the subject, for contacts also the
    full name, the "Speichern unter" name and the company."""
    return [
        _text(item, attribute)
        for attribute in ("Subject", "FullName", "FileAs", "LastNameAndFirstName", "CompanyName")
    ]


def fits(file_name: str, candidates: Sequence[str]) -> bool:
    """Whether a dragged file name was made from one of an item's names (Outlook drops the
    characters Windows forbids and may shorten long subjects)."""
    stem = _norm(_stem(file_name))
    for candidate in candidates:
        text = _norm(candidate)
        if text == stem:
            return True
        shorter = min(len(text), len(stem))
        if shorter >= 8 and (text.startswith(stem) or stem.startswith(text)):
            return True
    # an item without subject: Outlook names it "Unbenannt" / "Untitled" / "(Kein Betreff)"
    return not any(_norm(c) for c in candidates if c)


def pair(file_names: Sequence[str], items: Sequence[Any]) -> list[tuple[str, Any]] | None:
    """Each dragged file name with the selected item it came from, or None when the selection
    is not what was dragged."""
    if len(file_names) != len(items):
        return None
    candidates = [names_of(item) for item in items]
    free = list(range(len(items)))
    pairs: list[tuple[str, Any]] = []
    # exact names first, so that "Vorstand" does not take the item of "Vorstand Protokoll"
    order = sorted(range(len(file_names)), key=lambda i: -len(_norm(_stem(file_names[i]))))
    chosen: dict[int, int] = {}
    for index in order:
        name = file_names[index]
        exact = [j for j in free if _norm(_stem(name)) in {_norm(c) for c in candidates[j]}]
        loose = [j for j in free if fits(name, candidates[j])]
        found = (exact or loose)[:1]
        if not found:
            return None
        chosen[index] = found[0]
        free.remove(found[0])
    for index, name in enumerate(file_names):
        pairs.append((name, items[chosen[index]]))
    return pairs


# ---------------------------------------------------------------------- fetching
def fetch_selection(
    file_names: Sequence[str],
    folder: Path,
    *,
    connect: Callable[[], Any] | None = None,
    progress: Progress | None = None,
) -> Fetched:
    """Save the items dragged out of Outlook's list (named as the drag named them) as .msg
    files into `folder` (a private temporary folder of the caller). All or nothing: when
    anything fails, no file is left and `problems` says why, in German."""
    with com_apartment():
        try:
            return _fetch(file_names, folder, connect or connect_outlook, progress)
        except BridgeError as exc:
            return Fetched(problems=[exc.message])


def _fetch(
    file_names: Sequence[str],
    folder: Path,
    connect: Callable[[], Any],
    progress: Progress | None,
) -> Fetched:
    application = _connect(connect)
    selections = _selections(application)
    for items in selections:
        pairs = pair(file_names, items)
        if pairs is not None:
            break
    else:
        raise BridgeError(_mismatch_text(file_names, len(selections[0])))
    problems = [p for p in (_kind_problem(name, item) for name, item in pairs) if p]
    if problems:
        return Fetched(problems=problems)
    targets = _targets([name for name, _item in pairs], folder)
    written: list[Path] = []
    try:
        for done, ((name, item), target) in enumerate(zip(pairs, targets, strict=True)):
            advance(progress, done, len(pairs), error=FetchCancelled)
            _save(name, item, target)
            written.append(target)
        advance(progress, len(pairs), len(pairs), error=FetchCancelled)
    except BaseException:
        for path in [*written, *targets]:
            path.unlink(missing_ok=True)
        raise
    return Fetched(paths=written)


def _items(explorer: Any) -> list[Any]:
    selection = _call(lambda: explorer.Selection)
    count = int(_call(lambda: selection.Count))
    return [_call(partial(selection.Item, i)) for i in range(1, count + 1)]


def _selections(application: Any) -> list[list[Any]]:
    """The selected items of Outlook's active window first, then of its other windows (the
    drag may have come from a second Outlook window); only windows where something is
    selected."""
    try:
        explorer = _call(lambda: application.ActiveExplorer())
        if explorer is None:
            raise BridgeError(
                _("In Outlook ist kein Fenster mit einer Liste von E-Mails oder Kontakten offen.")
            )
        active = _items(explorer)
    except BridgeError:
        raise
    except Exception as exc:  # see _call
        log.info("Outlook selection not readable: %r", exc)
        if hresult(exc) in BUSY:
            raise BridgeError(_busy_text()) from exc
        raise BridgeError(
            _("Outlook nennt die ausgewählten Elemente nicht ({detail}).").format(
                detail=_detail(exc)
            )
        ) from exc
    found = [active] if active else []
    try:
        explorers = _call(lambda: application.Explorers)
        count = int(_call(lambda: explorers.Count))
    except Exception as exc:  # see _call; the active window is still there
        log.info("Outlook's other windows not readable: %r", exc)
        count = 0
    for index in range(1, count + 1):
        try:
            other = _call(partial(explorers.Item, index))
            items = _items(other) if other is not None else []
        except Exception as exc:  # see _call; e.g. a window without a list ("Outlook Heute")
            log.info("Outlook window %d not readable: %r", index, exc)
            continue
        if items:
            found.append(items)
    if not found:
        raise BridgeError(
            _(
                "In Outlook ist nichts mehr ausgewählt. Bitte wählen Sie die E-Mails in Outlook "
                "aus und ziehen Sie sie noch einmal herüber."
            )
        )
    return found


def _mismatch_text(file_names: Sequence[str], selected: int) -> str:
    return _(
        "Die Auswahl in Outlook ({selected} Elemente) passt nicht zu dem, was herübergezogen "
        "wurde ({names}). Vielleicht wurde die Auswahl inzwischen geändert. Es wurde nichts "
        "übernommen."
    ).format(selected=selected, names=", ".join(f"„{n}“" for n in file_names))


def _kind_problem(name: str, item: Any) -> str | None:
    try:
        kind = int(_call(lambda: item.Class))
    except Exception as exc:  # see _call
        log.info("class of %s not readable: %r", name, exc)
        kind = -1
    if kind in SUPPORTED_CLASSES:
        return None
    what = kind_name(kind)
    if what is None:
        return _(
            "„{name}“ ist weder E-Mail noch Termin noch Kontakt; contactdesk kann es nicht "
            "übernehmen."
        ).format(name=name)
    return _(
        "„{name}“ ({kind}) kann contactdesk nicht übernehmen; es übernimmt E-Mails, Termine, "
        "Besprechungen, Antworten darauf und Kontakte."
    ).format(name=name, kind=what)


def _targets(file_names: Sequence[str], folder: Path) -> list[Path]:
    """Unique paths in `folder` for the dragged names (" (2)" for a name that occurs twice)."""
    used: set[str] = set()
    paths: list[Path] = []
    for name in file_names:
        base = name if name.lower().endswith(".msg") else f"{name}.msg"
        stem = base[: -len(".msg")]
        candidate, counter = base, 1
        while candidate.casefold() in used:
            counter += 1
            candidate = f"{stem} ({counter}).msg"
        used.add(candidate.casefold())
        paths.append(folder / candidate)
    return paths


def _save(name: str, item: Any, target: Path) -> None:
    try:
        _call(lambda: item.SaveAs(str(target), OL_MSG_UNICODE))
    except Exception as exc:  # see _call
        code = hresult(exc)
        log.info("SaveAs of %s failed: %r", name, exc)
        if code in (MAPI_E_NOT_SUPPORTED, E_ACCESSDENIED):
            raise BridgeError(
                _(
                    "Outlook hat das Speichern von „{name}“ nicht erlaubt (die Sicherheitsabfrage "
                    "„Ein Programm versucht, auf … zuzugreifen“ wurde abgelehnt, oder eine "
                    "Richtlinie sperrt es). Wenn Outlook wieder fragt, wählen Sie „Zulassen“."
                ).format(name=name)
            ) from exc
        if code in BUSY:
            raise BridgeError(_busy_text()) from exc
        raise BridgeError(
            _("Outlook konnte „{name}“ nicht speichern ({detail}).").format(
                name=name, detail=_detail(exc)
            )
        ) from exc
    try:
        with target.open("rb") as handle:
            head = handle.read(len(COMPOUND_FILE))
    except OSError as exc:
        raise BridgeError(
            _("Die von Outlook gespeicherte Datei „{name}“ fehlt ({reason}).").format(
                name=name, reason=os_reason(exc)
            )
        ) from exc
    if head != COMPOUND_FILE:
        raise BridgeError(
            _("Outlook hat „{name}“ nicht als Outlook-Element (.msg) gespeichert.").format(
                name=name
            )
        )


def failure_text(problems: Sequence[str]) -> str:
    """The message for the window: the reasons, that nothing was imported, the way round."""
    return "\n\n".join(
        [
            *problems,
            _(
                "Es wurde nichts übernommen. So geht es immer: die Elemente in Outlook zuerst in "
                "einen Ordner (z. B. auf den Desktop) ziehen und von dort in das Fenster."
            ),
        ]
    )
