package dev.gort.runtime.debug;

import java.util.List;

/**
 * Go's {@code debug.BuildInfo}, read from the program's jars ({@link Debug#readBuildInfo()}):
 * Maven metadata ({@code META-INF/maven/.../pom.properties}) or the manifest. {@link #toString()}
 * is Go's {@code BuildInfo.String} format, one tab-separated line per item.
 *
 * @param goVersion the runtime's version ({@code GoRuntime.version()})
 * @param path      the main class's package (Go: the main package path)
 * @param main      the module (jar or class directory) holding the main class
 * @param deps      every other jar on the class and module path that carries a name and version
 * @param settings  build settings: {@code -compiler}, {@code GOARCH}, {@code GOOS}, {@code java.version}
 */
public record BuildInfo(String goVersion, String path, Module main, List<Module> deps, List<BuildSetting> settings) {
    /**
     * Go's {@code debug.Module}: a path ({@code groupId:artifactId}, or the manifest title), a
     * version ({@code (devel)} when unknown, as Go), a checksum (always empty: jars carry no Go
     * module sum) and a replacement (always null: no JVM equivalent).
     *
     * @param path the module path
     * @param version the version, {@code (devel)} when unknown
     * @param sum the checksum (always empty)
     * @param replace the replacement (always null)
     */
    public record Module(String path, String version, String sum, Module replace) {}

    /**
     * Go's {@code debug.BuildSetting}: one key=value setting.
     *
     * @param key the setting's name
     * @param value its value
     */
    public record BuildSetting(String key, String value) {}

    /** Go's {@code BuildInfo.String}: {@code go}, {@code path}, {@code mod}, {@code dep} and {@code build} lines. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("go\t").append(goVersion).append('\n');
        if (!path.isEmpty()) b.append("path\t").append(path).append('\n');
        module(b, "mod", main);
        for (Module d : deps) module(b, "dep", d);
        for (BuildSetting s : settings) b.append("build\t").append(s.key()).append('=').append(s.value()).append('\n');
        return b.toString();
    }

    private static void module(StringBuilder b, String word, Module m) {
        if (m == null || m.path().isEmpty()) return;
        b.append(word).append('\t').append(m.path()).append('\t').append(m.version()).append('\t').append(m.sum()).append('\n');
        if (m.replace() != null) module(b, "=>", m.replace());
    }
}
