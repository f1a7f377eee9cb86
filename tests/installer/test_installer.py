"""The installer pieces: the PyInstaller bundle runs its self-test, the NSIS script compiles,
the .desktop entry and the icons are complete, the translations are compiled."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


@pytest.mark.bundle
@pytest.mark.slow
def test_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    """Builds the one-folder bundle (about 2 minutes here) and runs `contactdesk --self-test`
    in it, offscreen, from a folder outside the checkout."""
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if pyinstaller is None:
        pytest.fail("pyinstaller is missing: it belongs to the test extra (pip install -e .[test])")
    dist, work = tmp_path / "dist", tmp_path / "work"
    start = time.monotonic()
    build = subprocess.run(
        [
            pyinstaller,
            str(INSTALLER / "contactdesk.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    took = time.monotonic() - start
    assert build.returncode == 0, build.stderr[-3000:]
    print(f"bundle built in {took:.0f} s")
    bundle = dist / "contactdesk"
    exe = bundle / ("contactdesk.exe" if os.name == "nt" else "contactdesk")
    assert exe.is_file()
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (
        internal / "resources" / "translations" / "en" / "LC_MESSAGES" / "contactdesk.mo"
    ).is_file()
    assert (internal / "contactdesk" / "core" / "migrations" / "versions").is_dir()
    qt_libs = " ".join(p.name for p in internal.rglob("*Qt6*"))
    for used in ("Core", "Gui", "Widgets", "PrintSupport", "Pdf", "Network"):
        assert f"Qt6{used}" in qt_libs
    for unused in ("Qt6Quick", "Qt6Qml.", "Qt6WebEngine", "Qt6Sql"):
        assert unused not in qt_libs, unused
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("PYTHONPATH", None)
    env.pop("CONTACTDESK_DATABASE", None)
    result = subprocess.run(
        [str(exe), "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Selbsttest bestanden: 6 von 6 Schritten in Ordnung." in result.stdout
    assert "PDF-Seite mit QtPdf gezeichnet" in result.stdout
    # the command line works in the bundle too (core only)
    db = tmp_path / "b.sqlite"
    out = tmp_path / "s.sqlite"
    for args in (["demo"], ["backup", "--out", str(out)]):
        run = subprocess.run(
            [str(exe), "--database", str(db), *args],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert run.returncode == 0, run.stderr


def test_nsis_script_compiles_with_a_dummy_payload(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        if sys.platform.startswith("linux") and shutil.which("dpkg"):
            pytest.fail("makensis is missing: scripts/test installs the Debian package nsis")
        pytest.skip("makensis is not installed")
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("contactdesk.exe", "contactdesk-cli.exe", "_internal/base_library.zip"):
        (bundle / name).write_bytes(b"dummy")
    out = tmp_path / "contactdesk-0.0.0-installer.exe"
    result = subprocess.run(
        [
            makensis,
            "-V2",
            "-WX",  # warnings are errors
            "-DAPP_VERSION=0.0.0",
            f"-DBUNDLE_DIR={bundle}",
            f"-DOUT_FILE={out}",
            str(INSTALLER / "contactdesk.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable
    script = (INSTALLER / "contactdesk.nsi").read_text(encoding="utf-8")
    assert 'Section /o "Dateizuordnung' in script  # offered, not forced
    assert "LOCALAPPDATA" in script and 'RMDir /r "$LOCALAPPDATA' not in script


def test_desktop_entry_and_icons() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "contactdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"] == "contactdesk"
    assert desktop["Icon"] == "contactdesk" and desktop["Categories"].endswith(";")
    icons = ROOT / "resources" / "icons"
    assert (icons / "contactdesk.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in (16, 32, 48, 256):
        png = (icons / f"contactdesk-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    ico = (icons / "contactdesk.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 4)


def test_translations_are_compiled() -> None:
    import runpy

    module = runpy.run_path(str(ROOT / "scripts" / "compile-translations"))
    for po in (ROOT / "resources" / "translations").glob("*/LC_MESSAGES/*.po"):
        expected = module["mo_bytes"](module["parse_po"](po.read_text(encoding="utf-8")))
        assert po.with_suffix(".mo").read_bytes() == expected, "run scripts/compile-translations"
