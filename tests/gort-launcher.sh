#!/usr/bin/env bash
# Script test of bin/gort: options in any order, the user's class path joined to gort's, its own
# --help, the refusals it documents. Expects core/target/gort.jar to be current (bin/test runs it
# after mvn install); otherwise bin/gort builds it first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bin/jdk.sh"
gort="$root/bin/gort"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$tmp/out" "$tmp/lib"
cat > "$tmp/Main.java" <<'JAVA'
import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.runtime.GoRuntime;

public class Main {
    public static void main(String[] args) {
        Go.main(args, () -> {
            Chan<String> c = new Chan<>();
            Go.go(() -> c.send(Helper.greeting()));
            System.out.println(c.recv() + " args=" + String.join(",", args) + " gomaxprocs=" + GoRuntime.gomaxprocs(0)
                    + " maxMemoryMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " prop=" + System.getProperty("gort.test"));
        });
    }
}
JAVA
cat > "$tmp/Helper.java" <<'JAVA'
public class Helper {
    static String greeting() { return "hello from a goroutine"; }
}
JAVA
"$JAVAC" --release 25 -d "$tmp/lib" "$tmp/Helper.java"
"$JAVAC" --release 25 -cp "$root/core/target/gort.jar:$tmp/lib" -d "$tmp/out" "$tmp/Main.java"

# Java options before and after -cp, two -cp's joined, program arguments after the main class.
out=$(GOMAXPROCS=2 "$gort" -Xmx64m -cp "$tmp/out" -Dgort.test=yes --class-path "$tmp/lib" Main a b 2>"$tmp/err")
[ "$out" = "hello from a goroutine args=a,b gomaxprocs=2 maxMemoryMiB=64 prop=yes" ] || fail "bin/gort -Xmx64m -cp ... Main printed: $out"
[ ! -s "$tmp/err" ] || fail "bin/gort wrote to stderr: $(cat "$tmp/err")"

# -Xmx alone before the main class (the case that dropped gort's jar before).
out=$("$gort" -Xmx64m -cp "$tmp/out:$tmp/lib" Main)
case "$out" in "hello from a goroutine args= "*) ;; *) fail "bin/gort -Xmx64m -cp CP Main printed: $out" ;; esac

# Its own --help, exit 0; a program's --help after the main class is the program's.
help=$("$gort" --help)
case "$help" in "usage: bin/gort [JAVA_OPTIONS...] [-cp CLASSPATH] MAIN_CLASS [ARGS...]"*) ;; *) fail "bin/gort --help printed: $help" ;; esac
out=$("$gort" -cp "$tmp/out:$tmp/lib" Main --help)
case "$out" in *"args=--help "*) ;; *) fail "bin/gort Main --help printed: $out" ;; esac

# No main class: usage on stderr, status 2. -jar: refused with a pointer to the way that works.
set +e
"$gort" -Xmx64m >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q '^usage: bin/gort' "$tmp/err" || fail "bin/gort without a main class: status $st, $(cat "$tmp/err")"
"$gort" -jar app.jar >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q -- '-jar is not supported' "$tmp/err" || fail "bin/gort -jar: status $st, $(cat "$tmp/err")"
set -e
echo "bin/gort script test: ok"
