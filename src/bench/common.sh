# Sourced by the bench scripts: run from the repository root, outputs under target/bench, and
# $jar the shaded jar (built first if it is missing).
cd "$(dirname "$0")/../.."
out=target/bench
mkdir -p "$out"
jar=$(ls target/winsession-*.jar 2>/dev/null | grep -v original | head -n1 || true)
if [ -z "$jar" ]; then
  mvn -B -ntp -q package -DskipTests
  jar=$(ls target/winsession-*.jar | grep -v original | head -n1)
fi
