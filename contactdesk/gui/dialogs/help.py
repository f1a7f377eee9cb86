"""Hilfe menu: a short German user guide and the About dialog with the licences."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from contactdesk import __version__
from contactdesk.core.i18n import N_, _

FONT_LICENSE = Path(__file__).resolve().parents[3] / "resources" / "fonts" / "LICENSE-DejaVu.txt"

#: (distribution, shown name, licence) of what the bundle ships
LIBRARIES = (
    ("PySide6_Essentials", N_("Qt for Python (PySide6) und Qt 6"), "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("icalendar", "icalendar", "BSD-2-Clause"),
    ("olefile", "olefile", "BSD-2-Clause"),
    ("reportlab", "ReportLab Toolkit", "BSD-3-Clause"),
    ("platformdirs", "platformdirs", "MIT"),
    ("email-validator", "email-validator", "Unlicense"),
    ("dnspython", "dnspython", "ISC"),
    ("idna", "idna", "BSD-3-Clause"),
    ("phonenumbers", "phonenumbers", "Apache-2.0"),
    ("python-dateutil", "python-dateutil", "Apache-2.0 / BSD-3-Clause"),
    ("tzdata", N_("tzdata (IANA-Zeitzonen)"), "Apache-2.0"),
    ("Mako", "Mako", "MIT"),
    ("MarkupSafe", "MarkupSafe", "BSD-3-Clause"),
    ("pillow", "Pillow", "MIT-CMU"),
)

GUIDE = N_("""
<h2>Kurzanleitung</h2>
<p>contactdesk hat fünf Bereiche links in der Navigation: <b>Übersicht</b> (Strg+1),
<b>Kontakte</b> (Strg+2), <b>Vereinbarungen</b> (Strg+3), <b>Termine</b> (Strg+4) und
<b>Sitzungen</b> (Strg+5).
Neu anlegen mit <b>Strg+N</b>, speichern mit <b>Strg+S</b>, suchen mit <b>Strg+F</b>,
rückgängig mit <b>Strg+Z</b>. Alle Menüs erreichen Sie mit der Alt-Taste und dem
unterstrichenen Buchstaben (z. B. Alt+D für <i>Datei</i>).</p>

<h3>Zu einem Termin einladen</h3>
<ol>
<li>Öffnen Sie <b>Termine</b> und legen Sie mit Strg+N einen Termin an (Titel, Beginn, Ende, Ort).</li>
<li>Wählen Sie eine <b>Veranstalterin oder einen Veranstalter</b> mit E-Mail-Adresse;
ohne eigene Angabe gilt die Absenderin aus <i>Datei › Einstellungen</i>.</li>
<li>Fügen Sie unter <b>Teilnehmende</b> die Kontakte hinzu und speichern Sie.</li>
<li>Erzeugen Sie die Einladung mit <i>Datei › Exportieren › Einladung als E-Mail (.eml)</i>
(oder per Rechtsklick auf den Termin). Outlook öffnet die Datei als Besprechungsanfrage; mit
<i>Öffnen</i> im Hinweisfenster geht es direkt dorthin. Wer keine E-Mail-Adresse oder keine
Einwilligung hat, wird dort aufgeführt und nicht eingeladen.</li>
<li>Klicken Sie danach im Termin auf <i>Einladungen als versendet markieren</i>. Zusagen und
Absagen tragen Sie beim Teilnehmenden ein oder lesen die Antwort mit <i>Datei › Importieren</i>
(Strg+I) ein – auch per Ziehen der .eml- oder .ics-Datei auf das Fenster.</li>
</ol>

<h3>Nach Outlook exportieren</h3>
<ul>
<li><b>Kontakte:</b> <i>Datei › Exportieren › Kontakte als Outlook-CSV</i> oder als vCard;
in Outlook unter <i>Datei › Öffnen und exportieren › Importieren/Exportieren</i> einlesen.</li>
<li><b>Termine:</b> <i>Datei › Exportieren › Kalender als iCalendar (.ics)</i>, auf Wunsch mit
den Fristen der Vereinbarungen; Outlook öffnet die Datei per Doppelklick und übernimmt die
Termine samt Zeitzone.</li>
<li>Ein erneuter Export aktualisiert vorhandene Einträge, statt sie zu verdoppeln.</li>
<li>Für Skripte gibt es dieselben Exporte auf der Befehlszeile, z. B.
<code>contactdesk export ics --out termine.ics</code>.</li>
</ul>

<h3>Eine Vorlage drucken</h3>
<p>Unter <b>Sitzungen</b> (Strg+5) zeigt die Vorschau jede Vorlage und jede
Sitzungsübersicht als druckfertige PDF-Seite mit Logo und Kopf der Stadt
(<i>Datei › Einstellungen › Stadt</i>). <b>Drucken</b> (Strg+P) öffnet den Druckdialog
(Papierformat, Seiten, Exemplare); <b>Als PDF speichern</b> legt die Datei ab. Der linke Rand
lässt Platz zum Lochen.</p>

<h3>Daten sichern</h3>
<p><b>Datei › Datensicherung erstellen</b> schreibt eine vollständige Kopie (mit allen
Dokumenten der Vereinbarungen) in eine Datei Ihrer Wahl, auch während Sie arbeiten.
contactdesk sichert außerdem täglich beim ersten Start automatisch. <b>Datei ›
Wiederherstellen</b> prüft eine Sicherung, bevor es etwas ersetzt, und bewahrt die bisherige
Datenbank daneben auf.</p>

<h3>Wenn etwas schiefgeht</h3>
<p>Bei einem unerwarteten Fehler zeigt contactdesk, wo das Protokoll liegt, und sichert
nicht gespeicherte Eingaben in eine Wiederherstellungsdatei, die beim nächsten Start angeboten
wird. Geben Sie das Protokoll an Ihre IT weiter.</p>
""")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def about_html(database: str, log_path: str) -> str:
    rows = "".join(
        f"<tr><td>{_(name)}</td><td>{_version(dist)}</td><td>{licence}</td></tr>"
        for dist, name, licence in LIBRARIES
    )
    return _(
        "<h2>contactdesk {version}</h2>"
        "<p>Kontakte, Vereinbarungen und Termine für die Ansprechperson einer Stadt im "
        "Netzwerk „Engagierte Stadt“. Lizenz: MIT.</p>"
        "<p>Datenbank: {database}<br>Protokoll: {log}</p>"
        "<h3>Verwendete Bibliotheken</h3>"
        "<table cellpadding='3'><tr><th align='left'>Bibliothek</th><th align='left'>Version"
        "</th><th align='left'>Lizenz</th></tr>{rows}</table>"
        "<p>Qt und PySide6 stehen unter der GNU Lesser General Public License v3; sie sind als "
        "eigene, austauschbare Bibliotheken beigelegt. Quelltexte: qt.io und "
        "code.qt.io/pyside.</p>"
        "<h3>Schriften</h3><p>Die PDF-Dateien betten <b>DejaVu Sans</b> ein (Bitstream Vera "
        "License mit DejaVu-Änderungen, frei weitergebbar); Lizenztext unten.</p>"
    ).format(version=__version__, database=database, log=log_path, rows=rows)


class HelpDialog(QDialog):
    """Kurzanleitung and Über contactdesk in one window (two tabs)."""

    def __init__(
        self, database: str, log_path: str, about: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Über contactdesk") if about else _("Kurzanleitung"))
        self.setObjectName("HelpDialog")
        self.setAccessibleName(self.windowTitle())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Hilfe"))
        self.guide = QTextBrowser()
        self.guide.setAccessibleName(_("Kurzanleitung"))
        self.guide.setHtml(_(GUIDE))
        self.about = QTextBrowser()
        self.about.setAccessibleName(_("Über contactdesk"))
        self.about.setOpenExternalLinks(True)
        licence = ""
        try:
            licence = FONT_LICENSE.read_text(encoding="utf-8")
        except OSError:
            licence = _("(Lizenztext nicht gefunden: {path})").format(path=FONT_LICENSE)
        self.about.setHtml(about_html(database, log_path))
        self.about.append("<pre>" + licence.replace("&", "&amp;").replace("<", "&lt;") + "</pre>")
        self.about.moveCursor(self.about.textCursor().MoveOperation.Start)
        self.tabs.addTab(self.guide, _("&Kurzanleitung"))
        self.tabs.addTab(self.about, _("Ü&ber contactdesk"))
        self.tabs.setCurrentIndex(1 if about else 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
