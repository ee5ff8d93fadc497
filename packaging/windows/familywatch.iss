; Inno Setup script for FamilyWatch on Windows (Inno Setup 6.x).
;
; Build the bundle first, on Windows, from the repository root:
;     py -3.11 -m pip install pyinstaller  (plus FamilyWatch's dependencies)
;     py -3.11 -m PyInstaller --noconfirm packaging\pyinstaller\familywatch.spec
; which makes dist\familywatch\ with familywatch.exe (command line) and FamilyWatchTray.exe
; (the tray app, no console window). Then:
;     iscc packaging\windows\familywatch.iss
;
; Autostart is an option on the "Select Additional Tasks" page, checked by default:
; a value under ...\CurrentVersion\Run (HKLM when installed for everyone, HKCU when
; for one user), which Windows lists in Task Manager > Startup apps and Settings >
; Apps > Startup - visible, as FamilyWatch always is. Uninstalling removes it.
; The records in %LOCALAPPDATA%\familywatch are kept on uninstall (the family decides).

#define AppName "FamilyWatch"
#define AppVersion "0.1.0"
#define AppPublisher "FamilyWatch developers"
#define AppExe "FamilyWatchTray.exe"
#define CliExe "familywatch.exe"

[Setup]
AppId={{5B0C8E0E-6E0B-4C61-9F3A-2F7A4D8C1E42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL=https://github.com/familywatch/familywatch
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Everyone (HKLM, Program Files) or just me (HKCU, %LOCALAPPDATA%\Programs): asked.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.18362
SourceDir=..\..
OutputDir=dist\installer
OutputBaseFilename=FamilyWatch-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "Start {#AppName} automatically when someone signs in to Windows (recommended)"; GroupDescription: "Start-up:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\familywatch\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} - what is detected now"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" probe"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Autostart at sign-in (task "autostart"). HKA = HKLM for an all-users install, else HKCU.
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent
