#!/bin/sh
# The winsession modular input, as splunkd starts it: bin/winsession.sh with splunkd's arguments
# (--scheme, --validate-arguments, or none) and the input definition on stdin.
# Java: the path in customized.java.path beside this script, else $JAVA_HOME/bin/java, else java
# on PATH; it must be Java 17 or later. JVM options: jars/winsession.vmopts (# starts a comment).
# Class-data sharing: jars/winsession.jsa holds the classes of a run, loaded and verified at
# package time. It names the jar by the relative path jars/winsession.jar, so Java starts in the
# app's folder. Java uses it only when it is the Java build that made it; any other starts without
# it, and -Xlog:cds*=off keeps its notice ("Unable to use shared archive") off stdout, the event
# stream. It is used only at the size written beside it: Java 17 crashes on a cut archive.
set -u
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/../.." && pwd)
java=""
if [ -f "$here/customized.java.path" ]; then
  java=$(head -n 1 "$here/customized.java.path" | tr -d '\r')
fi
if [ -z "$java" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
fi
if [ -z "$java" ]; then
  java=$(command -v java 2>/dev/null || true)
fi
if [ -z "$java" ] || [ ! -x "$java" ]; then
  echo "ERROR winsession: no Java found: write its path to $here/customized.java.path, set JAVA_HOME, or put Java 17+ on PATH" >&2
  exit 1
fi
# The major version ("17.0.2" is 17, "1.8.0_292" is 8) from the release file of the Java the path
# leads to (symbolic links followed), which every JDK and JRE holds: no JVM is started for it.
# Only without one is it read from "java -version", which costs a second JVM start.
real=$(readlink -f "$java" 2>/dev/null || true)
release="$(dirname "$(dirname "${real:-$java}")")/release"
jver=""
if [ -f "$release" ]; then
  jver=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)
fi
if [ -z "$jver" ]; then
  jver=$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
fi
version=$(echo "$jver" | sed -n -e 's/^1\.\([0-9][0-9]*\).*/\1/p' -e t -e 's/^\([0-9][0-9]*\).*/\1/p')
case "$version" in ''|*[!0-9]*) version=0 ;; esac
if [ "$version" -lt 17 ]; then
  echo "ERROR winsession: $java is Java $version; winsession needs Java 17 or later (customized.java.path, JAVA_HOME or PATH)" >&2
  exit 1
fi
opts=""
if [ -f "$app/jars/winsession.vmopts" ]; then
  opts=$(grep -v '^[[:space:]]*#' "$app/jars/winsession.vmopts" | tr '\n' ' ')
fi
cds=""
if [ -f "$app/jars/winsession.jsa" ] && [ -f "$app/jars/winsession.jsa.size" ] \
    && [ "$(wc -c < "$app/jars/winsession.jsa" | tr -d ' ')" = "$(head -n 1 "$app/jars/winsession.jsa.size" | tr -d ' \r')" ]; then
  cds="-XX:SharedArchiveFile=jars/winsession.jsa -Xshare:auto -Xlog:cds*=off"
fi
cd "$app" || exit 1
set -f # -Xlog:cds*=off is a word, not a file pattern
# shellcheck disable=SC2086
exec "$java" $cds $opts -jar jars/winsession.jar modinput "$@"
