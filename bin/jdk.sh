# Sourced by gort's scripts: finds a JDK >= 25 and exports JAVA_HOME and JAVA.
# Order: $JAVA_HOME if it is >= 25, then the newest /usr/lib/jvm/* that is.
gort_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
gort_find_jdk() {
  local c v
  for c in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(gort_java_major "$c"); [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null || continue
    echo "$c"; return 0
  done
  return 1
}
if ! GORT_JDK=$(gort_find_jdk); then
  echo "gort: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "gort: install one (e.g. Temurin 25) or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME="$GORT_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"
JAVAC="$JAVA_HOME/bin/javac"
# Maven 3.8's bundled Guava uses sun.misc.Unsafe; JDK 25 warns about it on every run.
case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
