@echo off
rem The winsession modular input, as splunkd starts it on Windows: bin\winsession.cmd with
rem splunkd's arguments and the input definition on stdin. Java: customized.java.path beside this
rem script, else %JAVA_HOME%\bin\java.exe, else java.exe on PATH; it must be Java 17 or later.
rem JVM options: jars\winsession.vmopts (# starts a comment).
setlocal EnableDelayedExpansion
set "HERE=%~dp0"
set "APP=%HERE%..\.."
set "JAVA="
if exist "%HERE%customized.java.path" set /p JAVA=<"%HERE%customized.java.path"
if not defined JAVA if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined JAVA for %%J in (java.exe) do set "JAVA=%%~$PATH:J"
if not defined JAVA (
  echo ERROR winsession: no Java found: write its path to !HERE!customized.java.path, set JAVA_HOME, or put Java 17+ on PATH 1>&2
  exit /b 1
)
rem The major version ("17.0.2" is 17, "1.8.0_292" is 8) from the release file of that Java, which
rem every JDK and JRE holds: no JVM is started for it. Only without one is it read from the line
rem of "java -version" that names it, which costs a second JVM start. In blocks, !VAR! (delayed
rem expansion): a path such as "Program Files (x86)" would end one.
set "JVER="
for %%I in ("!JAVA!") do set "JBIN=%%~dpI"
if exist "!JBIN!..\release" (
  for /f "usebackq tokens=1,* delims==" %%A in ("!JBIN!..\release") do if "%%A"=="JAVA_VERSION" if not defined JVER set "JVER=%%~B"
)
rem (the outer quotes survive cmd /c stripping one pair; the path may hold spaces)
if not defined JVER for /f "tokens=3" %%V in ('""!JAVA!" -version 2^>^&1 ^| findstr /i version"') do if not defined JVER set "JVER=%%~V"
set "JMAJOR=0"
for /f "tokens=1,2 delims=._-+" %%A in ("%JVER%") do (
  if "%%A"=="1" (set "JMAJOR=%%B") else (set "JMAJOR=%%A")
)
set /a JMAJOR=JMAJOR+0 2>nul
if %JMAJOR% LSS 17 (
  echo ERROR winsession: !JAVA! is Java !JMAJOR!; winsession needs Java 17 or later ^(customized.java.path, JAVA_HOME or PATH^) 1>&2
  exit /b 1
)
set "OPTS="
if exist "%APP%\jars\winsession.vmopts" (
  for /f "usebackq eol=# delims=" %%O in ("%APP%\jars\winsession.vmopts") do set "OPTS=!OPTS! %%O"
)
rem Class-data sharing: jars\winsession.jsa holds the classes of a run, loaded and verified at
rem package time. It names the jar by the relative path jars/winsession.jar, so Java starts in the
rem app's folder. Java uses it only when it is the Java build that made it; any other starts without
rem it, and -Xlog:cds*=off keeps its notice off stdout, the event stream. It is used only at the
rem size written beside it: Java 17 crashes on a cut archive.
set "CDS="
set "JSAWANT="
if exist "%APP%\jars\winsession.jsa.size" set /p JSAWANT=<"%APP%\jars\winsession.jsa.size"
if exist "%APP%\jars\winsession.jsa" for %%F in ("%APP%\jars\winsession.jsa") do if "%%~zF"=="!JSAWANT!" set "CDS=-XX:SharedArchiveFile=jars/winsession.jsa -Xshare:auto -Xlog:cds*=off"
rem -Xrs: splunkd stops an input on Windows with Ctrl+Break, on which Java would otherwise write a
rem thread dump to stdout, the event stream, and go on running. With it the process ends at once;
rem the checkpoint holds only what was written and flushed, so the next start resumes from there.
cd /d "%APP%" || exit /b 1
"%JAVA%" -Xrs %CDS% %OPTS% -jar jars/winsession.jar modinput %*
exit /b %ERRORLEVEL%
