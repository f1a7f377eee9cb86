; Windows installer for contactdesk (NSIS 3, Unicode). Build the bundle first, then:
;   makensis /DAPP_VERSION=0.1.0 /DBUNDLE_DIR=..\dist\contactdesk installer\contactdesk.nsi
; makensis runs on Linux too (Debian package nsis): `scripts/build-bundle --installer`.
;
; - installs the PyInstaller one-folder bundle to Program Files and a start-menu entry
; - offers (not forces) "Mit contactdesk importieren" for .ics and .vcf files
; - the uninstaller removes the program only: the database, backups and settings of every user
;   (%LOCALAPPDATA%\contactdesk, registry HKCU\Software\contactdesk) stay.

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef APP_VERSION
  !define APP_VERSION "0.1.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\dist\contactdesk"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\dist\contactdesk-${APP_VERSION}-installer.exe"
!endif
!define APP_NAME "contactdesk"
!define PUBLISHER "Netzwerk Engagierte Stadt"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\contactdesk"
!define ICON_FILE "..\resources\icons\contactdesk.ico"

Name "${APP_NAME} ${APP_VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "Software\${APP_NAME}" "InstallDir"
BrandingText "${APP_NAME} ${APP_VERSION}"

!include "MUI2.nsh"
!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\contactdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "contactdesk jetzt starten"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "German"

VIProductVersion "${APP_VERSION}.0"
VIAddVersionKey /LANG=${LANG_GERMAN} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_GERMAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_GERMAN} "FileDescription" "Installation von ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_GERMAN} "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_GERMAN} "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_GERMAN} "LegalCopyright" "MIT-Lizenz; Qt/PySide6 unter LGPL-3.0"

Section "contactdesk (Programm)" SecProgram
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; an update replaces the program files; user data lives elsewhere and is never touched
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
  File "/oname=contactdesk.ico" "${ICON_FILE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\contactdesk.lnk" "$INSTDIR\contactdesk.exe" "" "$INSTDIR\contactdesk.ico"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\contactdesk deinstallieren.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "Software\${APP_NAME}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\contactdesk.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Offered, not forced (unticked by default): adds contactdesk to "Öffnen mit" of .ics and .vcf
; files without taking over the default program (Outlook stays the default).
Section /o "Dateizuordnung: .ics und .vcf mit contactdesk importieren" SecAssoc
  WriteRegStr HKLM "Software\Classes\contactdesk.import" "" "Mit contactdesk importieren"
  WriteRegStr HKLM "Software\Classes\contactdesk.import\DefaultIcon" "" "$INSTDIR\contactdesk.ico"
  WriteRegStr HKLM "Software\Classes\contactdesk.import\shell\open" "" "Mit contactdesk importieren"
  WriteRegStr HKLM "Software\Classes\contactdesk.import\shell\open\command" "" '"$SYSDIR\cmd.exe" /k ""$INSTDIR\contactdesk-cli.exe" import "%1""'
  WriteRegStr HKLM "Software\Classes\.ics\OpenWithProgids" "contactdesk.import" ""
  WriteRegStr HKLM "Software\Classes\.vcf\OpenWithProgids" "contactdesk.import" ""
  WriteRegStr HKLM "Software\${APP_NAME}" "FileAssociations" "1"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "Das Programm mit Schriften, Übersetzungen und Startmenü-Eintrag."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} "Bietet im Explorer „Öffnen mit › contactdesk“ für Kalender- (.ics) und Kontaktdateien (.vcf) an. Das Standardprogramm bleibt unverändert."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  SetShellVarContext all
  ; program files only: %LOCALAPPDATA%\contactdesk (database, backups, log) stays for every user
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\contactdesk.exe"
  Delete "$INSTDIR\contactdesk-cli.exe"
  Delete "$INSTDIR\contactdesk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_NAME}\contactdesk.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\contactdesk deinstallieren.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  DeleteRegValue HKLM "Software\Classes\.ics\OpenWithProgids" "contactdesk.import"
  DeleteRegValue HKLM "Software\Classes\.vcf\OpenWithProgids" "contactdesk.import"
  DeleteRegKey HKLM "Software\Classes\contactdesk.import"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${APP_NAME}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
