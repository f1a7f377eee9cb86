"""Mails, meetings and contacts dragged out of Outlook's list: the decision which drop needs
Outlook, and the Outlook-automation road against a fake object model (Application,
ActiveExplorer, Selection, items whose SaveAs writes genuine Outlook .msg files), up to the
import preview of the main window.

What only Windows can prove: that pywin32's GetActiveObject reaches the user's Outlook, that
Outlook's own SaveAs writes the .msg and that Qt really delivers the drop as built here."""

from __future__ import annotations

import ast
import struct
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from contactdesk.core.db import Database
from contactdesk.core.formats.msg import read_msg
from contactdesk.core.progress import Cancelled
from contactdesk.gui import outlook_bridge as ob
from contactdesk.gui import outlook_drop as od
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import import_preview
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.exchange_support import ACCEPTED, REJECTED, Boxes, dialogs, drag_enter, drop_on
from tests.gui.helpers import names
from tests.gui.test_outlook_drop import contact_msg, outlook_mime

MSG = Path(__file__).resolve().parents[1] / "data" / "msg"
CONTACT = (MSG / "contactUnicode.msg").read_bytes()  # genuine Outlook files
MEETING = (MSG / "Friday Lunch.msg").read_bytes()
OL_MAIL, OL_APPOINTMENT, OL_CONTACT, OL_TASK, OL_RESPONSE_POSITIVE = 43, 26, 40, 48, 56


def signed(code: int) -> int:
    """pywintypes.com_error carries HRESULTs as signed 32-bit ints."""
    return struct.unpack("<i", struct.pack("<I", code))[0]


class FakeComError(Exception):
    """Shaped like pywintypes.com_error: (hresult, strerror, excepinfo, argerr)."""

    def __init__(self, code: int, scode: int | None = None, text: str = "") -> None:
        self.hresult = signed(code)
        self.strerror = "Ausnahmefehler aufgetreten."
        self.excepinfo = (
            (0, "Microsoft Outlook", text, None, 0, signed(scode)) if scode is not None else None
        )
        super().__init__(self.hresult, self.strerror, self.excepinfo, None)


class FakeItem:
    def __init__(self, kind: int, subject: str, data: bytes = b"", **props: str) -> None:
        self.Class = kind
        self.Subject = subject
        for key, value in props.items():
            setattr(self, key, value)
        self.data = data
        self.saved: list[tuple[str, int]] = []
        self.fail: list[Exception] = []  # raised by SaveAs, one per call

    def SaveAs(self, path: str, kind: int) -> None:
        self.saved.append((path, kind))
        if self.fail:
            raise self.fail.pop(0)
        Path(path).write_bytes(self.data)


class FakeSelection:
    def __init__(self, items: list[FakeItem]) -> None:
        self.items = items

    @property
    def Count(self) -> int:
        return len(self.items)

    def Item(self, index: int) -> FakeItem:
        return self.items[index - 1]


class FakeExplorer:
    def __init__(self, items: list[FakeItem]) -> None:
        self.Selection = FakeSelection(items)


class FakeExplorers:
    def __init__(self, explorers: list[Any]) -> None:
        self.explorers = explorers

    @property
    def Count(self) -> int:
        return len(self.explorers)

    def Item(self, index: int) -> Any:
        return self.explorers[index - 1]


class BrokenExplorer:
    """A window without a list (e.g. "Outlook Heute"): its Selection raises."""

    @property
    def Selection(self) -> Any:
        raise FakeComError(0x80004005)


class FakeOutlook:
    """Application: ActiveExplorer() and Explorers (every Outlook window, the active one too)."""

    def __init__(
        self, items: list[FakeItem] | None, *, busy: int = 0, others: tuple[Any, ...] = ()
    ) -> None:
        self.explorer = FakeExplorer(items) if items is not None else None
        self.Explorers = FakeExplorers(
            [e for e in (self.explorer,) if e is not None] + list(others)
        )
        self.busy = busy

    def ActiveExplorer(self) -> FakeExplorer | None:
        if self.busy:
            self.busy -= 1
            raise FakeComError(ob.RPC_E_CALL_REJECTED)
        return self.explorer


def answer_item() -> FakeItem:
    return FakeItem(OL_RESPONSE_POSITIVE, "Zugesagt: Friday Lunch", MEETING)


def contact_item() -> FakeItem:
    return FakeItem(
        OL_CONTACT,
        "",
        CONTACT,
        FullName="コム ドット イグザンプル",
        FileAs="イグザンプル, コム ドット",
    )


def fetch(names_: list[str], items: list[FakeItem] | None, folder: Path, **kw: Any) -> ob.Fetched:
    outlook = FakeOutlook(items)
    return ob.fetch_selection(names_, folder, connect=lambda: outlook, **kw)


def list_drag(names_: list[str]) -> QMimeData:
    """Qt's view of a drag out of Outlook's list: descriptors, RenPrivateMessages and an
    empty FileContents (Outlook offers it only as IStorage)."""
    return outlook_mime([(n, None) for n in names_], b"")


# ------------------------------------------------------------------ which drop needs Outlook
def test_a_drag_from_outlooks_list_goes_to_outlook(qapp: object) -> None:
    mime = list_drag(["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"])
    assert od.from_outlook_list(mime)
    drop = od.read_drop(mime)
    assert drop.outlook_items == ["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"]
    assert drop.files == [] and drop.problems == []


def test_attachments_and_foreign_drags_do_not_ask_outlook(qapp: object) -> None:
    data = contact_msg()
    with_bytes = outlook_mime([("Jörg Müller.msg", len(data))], data)
    assert od.read_drop(with_bytes).outlook_items == []
    # no Outlook list marker: a virtual file from elsewhere, reported as before
    foreign = QMimeData()
    for fmt in (od.DESCRIPTOR_W, od.CONTENTS):
        foreign.setData(fmt, list_drag(["x.msg"]).data(fmt))
    drop = od.read_drop(foreign)
    assert drop.outlook_items == [] and "„x.msg“" in drop.problems[0]
    # a list drag of something that is no .msg (never an Outlook item)
    other = od.read_drop(list_drag(["Notiz.txt"]))
    assert other.outlook_items == [] and other.problems


def test_outlook_marker_under_its_plain_name_counts_too(qapp: object) -> None:
    mime = QMimeData()
    mime.setData("RenPrivateItem", QByteArray(b"\0"))
    assert od.from_outlook_list(mime)
    assert not od.from_outlook_list(QMimeData())


# ------------------------------------------------------------------ the automation road
def test_selected_items_are_saved_as_msg_and_read_back(tmp_path: Path) -> None:
    answer, contact = answer_item(), contact_item()
    dragged = ["イグザンプル, コム ドット.msg", "Zugesagt Friday Lunch.msg"]
    got = fetch(dragged, [answer, contact], tmp_path)
    assert got.problems == []
    assert [p.name for p in got.paths] == dragged  # paired by name, not by position
    assert answer.saved == [(str(tmp_path / dragged[1]), ob.OL_MSG_UNICODE)]
    assert got.paths[0].read_bytes() == CONTACT and got.paths[1].read_bytes() == MEETING
    (person,) = read_msg(got.paths[0].read_bytes(), source=dragged[0]).contacts
    assert person.last_name == "イグザンプル"
    assert b"SUMMARY:Friday Lunch" in (read_msg(MEETING, source="x").ics or b"")


def test_same_name_twice_gets_two_files(tmp_path: Path) -> None:
    one, two = answer_item(), answer_item()
    got = fetch(["Zugesagt Friday Lunch.msg"] * 2, [one, two], tmp_path)
    assert [p.name for p in got.paths] == [
        "Zugesagt Friday Lunch.msg",
        "Zugesagt Friday Lunch (2).msg",
    ]


def test_selection_that_is_not_the_drag_imports_nothing(tmp_path: Path) -> None:
    items = [answer_item(), contact_item()]
    fewer = fetch(["Zugesagt Friday Lunch.msg"], items, tmp_path)
    assert fewer.paths == [] and "(2 Elemente) passt nicht" in fewer.problems[0]
    other = fetch(["Einladung Vorstand.msg", "Lena Berg.msg"], items, tmp_path)
    assert other.paths == [] and "passt nicht" in other.problems[0]
    assert all(item.saved == [] for item in items) and list(tmp_path.iterdir()) == []


def test_drag_from_a_second_outlook_window(tmp_path: Path) -> None:
    """The active window shows another selection; the second window has what was dragged."""
    answer = answer_item()
    outlook = FakeOutlook(
        [FakeItem(OL_MAIL, "Newsletter Dezember")],
        others=(BrokenExplorer(), FakeExplorer([]), FakeExplorer([answer])),
    )
    got = ob.fetch_selection(["Zugesagt Friday Lunch.msg"], tmp_path, connect=lambda: outlook)
    assert got.problems == [] and [p.name for p in got.paths] == ["Zugesagt Friday Lunch.msg"]
    assert len(answer.saved) == 1


def test_item_kinds_the_import_does_not_read(tmp_path: Path) -> None:
    task = FakeItem(OL_TASK, "Protokoll schreiben")
    odd = FakeItem(999, "Etwas")
    answer = answer_item()
    got = fetch(
        ["Protokoll schreiben.msg", "Etwas.msg", "Zugesagt Friday Lunch.msg"],
        [task, odd, answer],
        tmp_path,
    )
    assert got.paths == [] and len(got.problems) == 2
    assert got.problems[0].startswith("„Protokoll schreiben.msg“ (Aufgabe) kann contactdesk")
    assert "weder E-Mail noch Termin noch Kontakt" in got.problems[1]
    assert answer.saved == []  # nothing saved before every item is known to be readable


def test_refused_security_prompt_leaves_nothing(tmp_path: Path) -> None:
    answer, contact = answer_item(), contact_item()
    contact.fail = [FakeComError(ob.DISP_E_EXCEPTION, ob.MAPI_E_NOT_SUPPORTED, "Vorgang")]
    got = fetch(
        ["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"], [answer, contact], tmp_path
    )
    assert got.paths == [] and len(answer.saved) == 1  # the first was saved, then removed
    assert "Sicherheitsabfrage" in got.problems[0] and "„Zulassen“" in got.problems[0]
    assert list(tmp_path.iterdir()) == []


def test_save_as_failing_or_writing_no_msg(tmp_path: Path) -> None:
    broken = answer_item()
    broken.fail = [FakeComError(ob.DISP_E_EXCEPTION, 0x80070070, "Nicht genug Speicherplatz.")]
    got = fetch(["Zugesagt Friday Lunch.msg"], [broken], tmp_path)
    assert got.problems == [
        "Outlook konnte „Zugesagt Friday Lunch.msg“ nicht speichern (Nicht genug Speicherplatz.)."
    ]
    text = FakeItem(OL_MAIL, "Zugesagt: Friday Lunch", b"Von: Lena\r\n")
    got = fetch(["Zugesagt Friday Lunch.msg"], [text], tmp_path)
    assert "nicht als Outlook-Element (.msg) gespeichert" in got.problems[0]
    assert list(tmp_path.iterdir()) == []


def test_outlook_not_running_not_installed_or_nothing_selected(tmp_path: Path) -> None:
    def absent() -> Any:
        raise FakeComError(ob.MK_E_UNAVAILABLE)

    def unknown() -> Any:
        raise FakeComError(ob.CO_E_CLASSSTRING)

    got = ob.fetch_selection(["a.msg"], tmp_path, connect=absent)
    assert got.problems[0].startswith("Outlook läuft nicht")
    got = ob.fetch_selection(["a.msg"], tmp_path, connect=unknown)
    assert "klassische Outlook" in got.problems[0]
    assert "kein Fenster" in fetch(["a.msg"], None, tmp_path).problems[0]
    assert "nichts mehr ausgewählt" in fetch(["a.msg"], [], tmp_path).problems[0]


@pytest.mark.skipif(sys.platform == "win32", reason="elsewhere than Windows")
def test_without_windows_the_default_connection_says_so(tmp_path: Path) -> None:
    got = ob.fetch_selection(["a.msg"], tmp_path)
    assert got.problems == ["Elemente direkt aus Outlook zu holen geht nur unter Windows."]


def test_busy_outlook_is_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ob, "BUSY_WAIT", 0)
    outlook = FakeOutlook([answer_item()], busy=3)
    got = ob.fetch_selection(["Zugesagt Friday Lunch.msg"], tmp_path, connect=lambda: outlook)
    assert got.problems == [] and len(got.paths) == 1
    stuck = FakeOutlook([answer_item()], busy=ob.BUSY_RETRIES + 5)
    got = ob.fetch_selection(["x.msg"], tmp_path / "b", connect=lambda: stuck)
    assert got.problems[0].startswith("Outlook ist beschäftigt")


def test_cancel_between_items_removes_what_was_saved(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int, text: str = "") -> None:
        calls.append((done, total))
        if done == 1:
            raise Cancelled

    with pytest.raises(ob.FetchCancelled):
        fetch(
            ["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"],
            [answer_item(), contact_item()],
            tmp_path,
            progress=progress,
        )
    assert calls == [(0, 2), (1, 2)] and list(tmp_path.iterdir()) == []


def test_hresults_as_pywin32_reports_them() -> None:
    assert ob.hresult(FakeComError(ob.MK_E_UNAVAILABLE)) == 0x800401E3
    assert ob.hresult(FakeComError(ob.DISP_E_EXCEPTION, ob.MAPI_E_NOT_SUPPORTED)) == 0x80040102
    assert ob.hresult(FakeComError(ob.DISP_E_EXCEPTION, 0)) == ob.DISP_E_EXCEPTION
    assert ob.hresult(ValueError("x")) is None


def test_file_names_fit_the_items_they_came_from() -> None:
    assert ob.fits("AW Zugesagt Vorstand_ Termin.msg", ["AW: Zugesagt: Vorstand? Termin"])
    assert ob.fits("Müller, Jörg.msg", ["", "Jörg Müller", "Müller, Jörg"])
    assert ob.fits("Einladung zur Vorstandssitzu.msg", ["Einladung zur Vorstandssitzung 2027"])
    assert ob.fits("Unbenannt.msg", ["", ""])  # an item without subject
    assert not ob.fits("Vorstand.msg", ["Kassenprüfung"])
    assert not ob.fits("Vor.msg", ["Vorstand"])  # short names must match whole
    # "Vorstand" does not take the item of "Vorstand Protokoll" from its owner
    short, long_ = FakeItem(OL_MAIL, "Vorstand"), FakeItem(OL_MAIL, "Vorstand Protokoll")
    pairs = ob.pair(["Vorstand Protokoll.msg", "Vorstand.msg"], [short, long_])
    assert pairs == [("Vorstand Protokoll.msg", long_), ("Vorstand.msg", short)]


def test_failure_text_names_the_reasons_and_the_way_round() -> None:
    text = ob.failure_text(["Outlook läuft nicht."])
    assert text.startswith("Outlook läuft nicht.\n\nEs wurde nichts übernommen.")
    assert "in einen Ordner" in text


# ------------------------------------------------------------------ the whole path in the window
def test_mails_dragged_from_outlooks_list_reach_the_preview(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    answer, contact = answer_item(), contact_item()
    monkeypatch.setattr(ob, "connect_outlook", lambda: FakeOutlook([answer, contact]))
    previews: list[list[str]] = []
    folders: list[Path] = []

    def handle(dialog: QDialog) -> int:
        if isinstance(dialog, import_preview.ImportPreviewDialog):
            previews.append(sorted({r.file for r in dialog.model.rows}))
            folders.append(Path(answer.saved[0][0]).parent)
            assert folders[0].is_dir()  # the files exist while the preview is open
        return ACCEPTED

    dialogs(monkeypatch, handle)
    drop_on(window, list_drag(["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"]))
    qtbot.waitUntil(lambda: any("イグザンプル" in n for n in names(db)), timeout=10000)
    assert previews == [["Zugesagt Friday Lunch.msg", "イグザンプル, コム ドット.msg"]]
    assert folders[0].name.startswith("contactdesk-outlook-")
    qtbot.waitUntil(lambda: not folders[0].exists(), timeout=5000)  # the private folder goes


def test_refused_prompt_in_the_window_says_why_and_imports_nothing(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    answer = answer_item()
    answer.fail = [FakeComError(ob.DISP_E_EXCEPTION, ob.MAPI_E_NOT_SUPPORTED)]
    monkeypatch.setattr(ob, "connect_outlook", lambda: FakeOutlook([answer]))
    boxes = Boxes()
    monkeypatch.setattr(prompts, "exec_box", boxes)
    dialogs(monkeypatch, lambda d: pytest.fail("no preview when Outlook refused"))
    before = names(db)
    drop_on(window, list_drag(["Zugesagt Friday Lunch.msg"]))
    qtbot.waitUntil(lambda: bool(boxes.seen), timeout=10000)
    ((title, text, _info),) = boxes.seen
    assert title == "Importieren"
    assert "Sicherheitsabfrage" in text and "Es wurde nichts übernommen" in text
    assert names(db) == before
    assert not Path(answer.saved[0][0]).parent.exists()


# ------------------------------------------------------------------ the Windows dependency
ROOT = Path(__file__).resolve().parents[2]


def test_pywin32_is_a_windows_only_dependency_and_in_the_bundle() -> None:
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pywin32,) = [
        Requirement(r) for r in project["dependencies"] if Requirement(r).name == "pywin32"
    ]
    assert pywin32.marker is not None
    assert pywin32.marker.evaluate({"sys_platform": "win32"})
    assert not pywin32.marker.evaluate({"sys_platform": "linux"})
    spec = (ROOT / "installer" / "contactdesk.spec").read_text(encoding="utf-8")
    block = spec.split('if sys.platform == "win32":', 1)[1].split("\n\n", 1)[0]
    assert all(name in block for name in ('"pythoncom"', '"pywintypes"', '"win32com.client"'))


def test_windows_modules_are_imported_only_inside_functions() -> None:
    tree = ast.parse((ROOT / "contactdesk" / "gui" / "outlook_bridge.py").read_text("utf-8"))
    windows = {"win32com", "pythoncom", "pywintypes", "win32api", "comtypes"}
    top_level = {
        alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [])
    } | {
        (node.module or "").split(".")[0] for node in tree.body if isinstance(node, ast.ImportFrom)
    }
    inside = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not top_level & windows
    assert {"win32com", "pythoncom"} <= inside  # the Windows road is really there
    assert "PySide6" not in top_level and "PySide6" not in inside


def test_drops_are_taken_as_copies_never_as_moves(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """After a "move" Outlook would delete the mail from its folder: the window asks for a
    copy, and refuses a drag that can only be moved."""
    answer = answer_item()
    monkeypatch.setattr(ob, "connect_outlook", lambda: FakeOutlook([answer]))
    dialogs(monkeypatch, lambda d: REJECTED)
    mime = list_drag(["Zugesagt Friday Lunch.msg"])
    center, buttons = QPointF(window.rect().center()), Qt.MouseButton.LeftButton
    both = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = drag_enter(
        window.rect().center(), both, mime, buttons, Qt.KeyboardModifier.ShiftModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted() and enter.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(center, both, mime, buttons, Qt.KeyboardModifier.ShiftModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: len(answer.saved) == 1, timeout=10000)

    only_move = QDropEvent(
        center, Qt.DropAction.MoveAction, mime, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, only_move)
    assert not only_move.isAccepted()
    qtbot.wait(200)
    assert len(answer.saved) == 1  # Outlook was not asked again
