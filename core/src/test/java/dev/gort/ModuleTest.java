package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
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
}
