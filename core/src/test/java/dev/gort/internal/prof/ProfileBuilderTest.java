package dev.gort.internal.prof;

import static dev.gort.internal.prof.ProfileProto.get;
import static dev.gort.internal.prof.ProfileProto.list;
import static dev.gort.internal.prof.ProfileProto.str;
import static dev.gort.internal.prof.ProfileProto.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gort's pprof encoder, read back by protobuf-java through profile.proto's descriptor. */
class ProfileBuilderTest {
    private static long[] here() {
        long[] pcs = new long[8];
        int n = SymTab.callers(0, pcs);
        return java.util.Arrays.copyOf(pcs, n);
    }

    private static DynamicMessage roundTrip(ProfileBuilder b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.write(out);
        byte[] bytes = out.toByteArray();
        assertEquals(0x1f, bytes[0] & 0xff, "gzip magic");
        return ProfileProto.parse(bytes);
    }

    @Test
    void cpuProfileShapeAsGoWritesIt() throws Exception {
        long[] stack = here();
        ProfileBuilder b = new ProfileBuilder("cpu", "nanoseconds", 10_000_000, "samples", "count", "cpu", "nanoseconds")
                .timeNanos(1_700_000_000_000_000_000L).durationNanos(2_000_000_000L);
        b.add(stack, new String[] {"a", "1", "b", "x y"}, 1, 10_000_000);
        b.add(stack, new String[] {"a", "1", "b", "x y"}, 2, 20_000_000); // merges with the first
        b.add(stack, null, 1, 10_000_000);
        DynamicMessage p = roundTrip(b);

        assertEquals("", strings(p).get(0));
        List<DynamicMessage> types = list(p, "sample_type");
        assertEquals(List.of("samples/count", "cpu/nanoseconds"),
                types.stream().map(t -> str(p, t, "type") + "/" + str(p, t, "unit")).toList());
        DynamicMessage period = (DynamicMessage) get(p, "period_type");
        assertEquals("cpu/nanoseconds", str(p, period, "type") + "/" + str(p, period, "unit"));
        assertEquals(10_000_000L, get(p, "period"));
        assertEquals(1_700_000_000_000_000_000L, get(p, "time_nanos"));
        assertEquals(2_000_000_000L, get(p, "duration_nanos"));
        assertEquals(0L, get(p, "default_sample_type"));

        List<DynamicMessage> samples = list(p, "sample");
        assertEquals(2, samples.size());
        assertEquals(List.of(3L, 30_000_000L), get(samples.get(0), "value"));
        List<DynamicMessage> labels = list(samples.get(0), "label");
        assertEquals(List.of("a=1", "b=x y"), labels.stream().map(l -> str(p, l, "key") + "=" + str(p, l, "str")).toList());
        assertTrue(list(samples.get(1), "label").isEmpty());

        List<DynamicMessage> mappings = list(p, "mapping");
        assertEquals(1, mappings.size());
        DynamicMessage m = mappings.get(0);
        assertEquals(1L, get(m, "id"));
        assertEquals(true, get(m, "has_functions"));
        assertEquals(true, get(m, "has_filenames"));
        assertEquals(true, get(m, "has_line_numbers"));

        // every location id of the samples resolves, to the frame's function, file and line
        List<DynamicMessage> locations = list(p, "location");
        List<DynamicMessage> functions = list(p, "function");
        Set<Long> ids = new HashSet<>();
        for (DynamicMessage l : locations) assertTrue(ids.add((Long) get(l, "id")), "location ids unique");
        @SuppressWarnings("unchecked")
        List<Long> leaf = (List<Long>) get(samples.get(0), "location_id");
        assertEquals(stack.length, leaf.size());
        DynamicMessage loc = locations.stream().filter(l -> get(l, "id").equals(leaf.get(0))).findFirst().orElseThrow();
        assertEquals(stack[0], get(loc, "address"));
        assertEquals(1L, get(loc, "mapping_id"));
        DynamicMessage line = list(loc, "line").get(0);
        DynamicMessage fn = functions.stream().filter(f -> get(f, "id").equals(get(line, "function_id"))).findFirst().orElseThrow();
        FuncInfo expect = SymTab.func(stack[0]);
        assertEquals("dev.gort.internal.prof.ProfileBuilderTest.here", str(p, fn, "name"));
        assertEquals(str(p, fn, "name"), str(p, fn, "system_name"));
        assertEquals("dev/gort/internal/prof/ProfileBuilderTest.java", str(p, fn, "filename"));
        assertEquals((long) expect.line(SymTab.bci(stack[0])), get(line, "line"));
        assertTrue((Long) get(line, "line") > 0);
    }

    @Test
    void heapProfileHasNumericLabelAndDefaultSampleType() throws Exception {
        ProfileBuilder b = new ProfileBuilder("space", "bytes", 524288,
                "alloc_objects", "count", "alloc_space", "bytes", "inuse_objects", "count", "inuse_space", "bytes")
                .defaultSampleType("alloc_space");
        b.add(here(), "bytes", 64, null, 10, 640, 5, 320);
        DynamicMessage p = roundTrip(b);
        assertEquals("alloc_space", strings(p).get((int) (long) (Long) get(p, "default_sample_type")));
        DynamicMessage label = list(list(p, "sample").get(0), "label").get(0);
        assertEquals("bytes", str(p, label, "key"));
        assertEquals(64L, get(label, "num"));
        assertEquals(List.of(10L, 640L, 5L, 320L), get(list(p, "sample").get(0), "value"));
    }

    @Test
    void deltaSubtractsAndDropsZeroSamples() throws Exception {
        long[] s1 = here();
        long[] s2 = {s1[0]};
        ProfileBuilder before = new ProfileBuilder("contentions", "count", 1, "contentions", "count", "delay", "nanoseconds").timeNanos(1000);
        before.add(s1, null, 2, 200);
        before.add(s2, null, 1, 100);
        ProfileBuilder after = new ProfileBuilder("contentions", "count", 1, "contentions", "count", "delay", "nanoseconds").timeNanos(5000);
        after.add(s1, null, 5, 500);
        after.add(s2, null, 1, 100);
        after.subtract(before);
        DynamicMessage p = roundTrip(after);
        assertEquals(1, list(p, "sample").size());
        assertEquals(List.of(3L, 300L), get(list(p, "sample").get(0), "value"));
        assertEquals(4000L, get(p, "duration_nanos"));
    }

    @Test
    void largeValuesAndLongStringsSurviveTheVarintEncoding() throws Exception {
        String longKey = "k".repeat(300); // length needs a two-byte varint
        ProfileBuilder b = new ProfileBuilder("x", "count", Long.MAX_VALUE, "x", "count");
        b.add(here(), new String[] {longKey, "v"}, Long.MAX_VALUE);
        b.add(new long[0], null, -1);
        DynamicMessage p = roundTrip(b);
        assertEquals(Long.MAX_VALUE, get(p, "period"));
        assertEquals(List.of(Long.MAX_VALUE), get(list(p, "sample").get(0), "value"));
        assertEquals(List.of(-1L), get(list(p, "sample").get(1), "value"));
        assertEquals(longKey, str(p, list(list(p, "sample").get(0), "label").get(0), "key"));
    }
}
