# Sourced by the bin/ scripts: (re)builds the project when launcher/target is missing or older
# than any source or pom, so a fresh clone needs nothing but Java 17 and Maven.
build_stamp="$MINER_HOME/launcher/target/launcher.jar"
if [ ! -f "$build_stamp" ] || [ ! -d "$MINER_HOME/launcher/target/lib" ] || \
   [ -n "$(find "$MINER_HOME" -path "$MINER_HOME/data" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$build_stamp" -print -quit 2>/dev/null)" ]; then
  echo "Building realtime-miner (first run, or sources changed; takes a few minutes the first time)..." >&2
  (cd "$MINER_HOME" && mvn -B -q -DskipTests install) >&2
fi
