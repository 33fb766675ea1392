@echo off
rem The winsession modular input, as splunkd starts it on Windows: bin\winsession.cmd with
rem splunkd's arguments and the input definition on stdin. Java: customized.java.path beside this
rem script, else %JAVA_HOME%\bin\java.exe, else java.exe on PATH. JVM options: jars\winsession.vmopts.
setlocal EnableDelayedExpansion
set "HERE=%~dp0"
set "APP=%HERE%..\.."
set "JAVA="
if exist "%HERE%customized.java.path" set /p JAVA=<"%HERE%customized.java.path"
if not defined JAVA if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined JAVA for %%J in (java.exe) do set "JAVA=%%~$PATH:J"
if not defined JAVA (
  echo ERROR winsession: no Java found: write its path to %HERE%customized.java.path, set JAVA_HOME, or put Java 17+ on PATH 1>&2
  exit /b 1
)
set "OPTS="
if exist "%APP%\jars\winsession.vmopts" (
  for /f "usebackq eol=# delims=" %%O in ("%APP%\jars\winsession.vmopts") do set "OPTS=!OPTS! %%O"
)
"%JAVA%" %OPTS% -jar "%APP%\jars\winsession.jar" modinput %*
exit /b %ERRORLEVEL%
