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
        Set<String> exported = descriptor().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertTrue(exported.contains("dev.gort"));
        assertTrue(exported.contains("dev.gort.runtime"));
        for (String p : exported) {
            assertFalse(p.contains(".internal"), "internal package exported: " + p);
        }
        for (ModuleDescriptor.Exports e : descriptor().exports()) assertFalse(e.isQualified(), e.toString());
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
