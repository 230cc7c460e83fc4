@echo off
rem kassa-admin: the till's command line (README: kassa-admin).
rem Runs the installed app's "admin" sub-command: no window; a batch file waits for it and
rem passes its exit code on (0 done, 1 refused or failed, 2 wrong command line, 3 the till runs).
setlocal
"%~dp0..\..\Kassa Desk.exe" admin %*
exit /b %ERRORLEVEL%
