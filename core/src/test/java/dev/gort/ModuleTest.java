package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import dev.gort.testing.OnModulePath;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JPMS module exports only API packages and needs nothing beyond the JDK. */
class ModuleTest {
    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).find("dev.gort").orElseThrow().descriptor();
    }

    @Test
    void exportsOnlyApiPackages() throws Exception {
        Set<String> exported = descriptor().exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertTrue(exported.contains("dev.gort"));
        assertTrue(exported.contains("dev.gort.runtime"));
        for (String p : exported) {
            assertFalse(p.contains(".internal"), "internal package exported: " + p);
        }
    }

    /** The one internal package exported at all goes to gort's JUnit extension only. */
    @Test
    void onlyTheTestHookIsExportedToTheJUnitExtension() throws Exception {
        Set<String> qualified = descriptor().exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets()).collect(Collectors.toSet());
        assertEquals(Set.of("dev.gort.internal.testhook to [dev.gort.junit]"), qualified);
    }

    @Test
    void requiresOnlyJdkModules() throws Exception {
        for (ModuleDescriptor.Requires r : descriptor().requires()) {
            String n = r.name();
            assertTrue(n.startsWith("java.") || n.startsWith("jdk."), "non-JDK dependency: " + n);
        }
        assertEquals("dev.gort", descriptor().name());
    }

    /** Without --add-opens, gort as a named module says which flag it needs: opened to dev.gort, not ALL-UNNAMED. */
    @Test
    void onTheModulePathTheFallbackWarningNamesTheModule() throws Exception {
        String classes = Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Result r = GoProcess.run(List.of("--module-path", classes, "--add-modules", "dev.gort"), OnModulePath.class,
                Map.of("GOMAXPROCS", "1"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("dev.gort gomaxprocs=1\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("gort: warning: --add-opens java.base/java.lang=dev.gort is missing"), r::toString);
        Result opened = GoProcess.run(List.of("--module-path", classes, "--add-modules", "dev.gort",
                "--add-opens", "java.base/java.lang=dev.gort"), OnModulePath.class, Map.of("GOMAXPROCS", "1"));
        assertEquals(0, opened.exitCode(), opened::toString);
        assertEquals("", opened.stderr(), opened::toString);
    }
}
