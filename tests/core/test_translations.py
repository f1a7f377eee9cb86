"""The English translation is complete: every text marked with _() or N_() in contactdesk/ has an
English msgstr with the same placeholders and mnemonics, and the committed .mo is current."""

from __future__ import annotations

import ast
import re
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

from contactdesk.core import i18n
from contactdesk.core.db import Database
from contactdesk.core.labels import NETWORK_ROLE, label
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import papers as ps

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources" / "translations" / "en" / "LC_MESSAGES" / "contactdesk.po"

EXTRACT = runpy.run_path(str(ROOT / "scripts" / "extract-translations"))
COMPILE = runpy.run_path(str(ROOT / "scripts" / "compile-translations"))

#: {name}, {n:.1f}, {{ }} are kept apart from the text; %s, %d, %H ... likewise
_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%[a-zA-Z]")
#: a mnemonic: an ampersand before a character other than a space or another ampersand, and
#: not an HTML entity (&amp;)
_MNEMONIC = re.compile(r"&(?![\s&]|[a-zA-Z]+;|#\d+;)")
#: str methods that build a text at run time: _() must get the constant, then .format(...)
_BUILDERS = {"format", "join", "replace", "strip", "upper", "lower", "capitalize", "title"}


def catalogue() -> dict[str, str]:
    return COMPILE["parse_po"](PO.read_text(encoding="utf-8"))


def used_msgids() -> dict[str, list[str]]:
    return EXTRACT["extract"]()


def placeholders(text: str) -> list[str]:
    return sorted(_BRACES.findall(text) + _PERCENT.findall(text))


def test_every_marked_text_is_translated() -> None:
    entries = catalogue()
    missing = [
        f"{where[0]}: {msgid[:60]!r}"
        for msgid, where in used_msgids().items()
        if not entries.get(msgid, "").strip()
    ]
    assert not missing, "run scripts/extract-translations and translate:\n" + "\n".join(missing)


@pytest.mark.parametrize("kind", ["placeholders", "mnemonics"])
def test_translations_keep_placeholders_and_mnemonics(kind: str) -> None:
    wrong = []
    for msgid, msgstr in catalogue().items():
        if not msgid or not msgstr:
            continue
        if kind == "placeholders" and placeholders(msgid) != placeholders(msgstr):
            wrong.append(f"{msgid[:50]!r}: {placeholders(msgid)} != {placeholders(msgstr)}")
        if kind == "mnemonics" and len(_MNEMONIC.findall(msgid)) != len(_MNEMONIC.findall(msgstr)):
            wrong.append(f"{msgid[:50]!r} -> {msgstr[:50]!r}")
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_is_current() -> None:
    expected = COMPILE["mo_bytes"](catalogue())
    assert PO.with_suffix(".mo").read_bytes() == expected, "run scripts/compile-translations"


def _built_at_run_time(arg: ast.expr) -> bool:
    """An f-string, a concatenation or str method call inside _(): the msgid would vary."""
    if any(isinstance(node, ast.JoinedStr) for node in ast.walk(arg)):
        return True
    if isinstance(arg, ast.BinOp):
        return True
    return (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr in _BUILDERS
    )


def test_no_texts_built_inside_the_marker() -> None:
    """_() gets a literal, or a name/attribute/lookup whose values are marked with N_()."""
    wrong = []
    for path in sorted((ROOT / "contactdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in EXTRACT["marker_calls"](tree):
            arg = call.args[0]
            if isinstance(arg, ast.Constant):
                if not isinstance(arg.value, str):
                    wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}: not a string")
            elif call.func.id == "N_" or _built_at_run_time(arg):  # type: ignore[attr-defined]
                wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)[:80]}")
    assert not wrong, "use _('… {name} …').format(name=…) instead:\n" + "\n".join(wrong)


def test_extraction_finds_table_texts() -> None:
    """N_() marks texts of tables; _(value) translates them where they are shown."""
    found = used_msgids()
    assert "Patenstadt" in found  # core/labels.py
    assert "Netzwerkrolle" in found  # column header of the contact list
    assert catalogue()["Patenstadt"] == "Sponsor town"


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("de")


def test_documents_and_stored_text_stay_german(english: None, core_db: Database) -> None:
    """With English chosen, labels are shown in English, but what is stored or indexed and what
    goes into the town's documents (paper text blocks, PDFs) stays German."""
    assert label(NETWORK_ROLE, "patenstadt") == "Sponsor town"
    with core_db.session() as s:
        cs.create_contact(
            s,
            cs.ContactData(
                kind="organisation", name="Stadt X", org_kind="kommune", network_role="patenstadt"
            ),
        )
        s.commit()
    with core_db.session() as s:
        rows = cs.list_contacts(s, cs.ContactFilter(query="Kommune"))
        assert [r.affiliation for r in rows] == ["Kommune"]
        assert "- Stadt X (Patenstadt)" in ps.block_partners(s)
    assert i18n._("Patenstadt") == "Sponsor town"  # the decorator left the language as it was
