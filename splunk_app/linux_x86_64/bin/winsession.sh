#!/bin/sh
# The winsession modular input, as splunkd starts it: bin/winsession.sh with splunkd's arguments
# (--scheme, --validate-arguments, or none) and the input definition on stdin.
# Java: the path in customized.java.path beside this script, else $JAVA_HOME/bin/java, else java
# on PATH; it must be Java 17 or later. JVM options: jars/winsession.vmopts (# starts a comment).
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
version=$("$java" -version 2>&1 | head -n 1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p')
case "$version" in ''|*[!0-9]*) version=0 ;; esac
if [ "$version" -lt 17 ]; then
  echo "ERROR winsession: $java is Java $version; winsession needs Java 17 or later (customized.java.path, JAVA_HOME or PATH)" >&2
  exit 1
fi
opts=""
if [ -f "$app/jars/winsession.vmopts" ]; then
  opts=$(grep -v '^[[:space:]]*#' "$app/jars/winsession.vmopts" | tr '\n' ' ')
fi
# shellcheck disable=SC2086
exec "$java" $opts -jar "$app/jars/winsession.jar" modinput "$@"
