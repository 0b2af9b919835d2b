package dev.gort.internal.tracer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Go 1.19 trace to Chrome trace-event JSON ({@code {"traceEvents": [...]}}), the format Perfetto
 * and chrome://tracing load. The trace is decoded (header, batches, string and stack tables),
 * its events put in timestamp order, and written as: one track per P carrying a complete slice
 * ({@code "X"}) per goroutine run, named {@code G<id>} and closed by the event that ended the
 * run; instant events ({@code "i"}) for creations, blocks, unblocks and logs; async spans
 * ({@code "b"}/{@code "e"}) for user tasks and regions; GC cycles as slices on a GC track; the
 * heap as a counter. Timestamps are microseconds from the first event.
 */
public final class ChromeJson {
    private ChromeJson() {}

    /** One decoded event: its type, P, absolute ticks, arguments (stack id last when it has one) and inline string. */
    private record Event(int type, long p, long ticks, long[] args, String text, int order) {}

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(Ev.GO_BLOCK, "blocked"), Map.entry(Ev.GO_BLOCK_SEND, "chan send"),
            Map.entry(Ev.GO_BLOCK_RECV, "chan receive"), Map.entry(Ev.GO_BLOCK_SELECT, "select"),
            Map.entry(Ev.GO_BLOCK_SYNC, "sync"), Map.entry(Ev.GO_BLOCK_COND, "sync.Cond.Wait"),
            Map.entry(Ev.GO_BLOCK_NET, "network"), Map.entry(Ev.GO_SLEEP, "sleep"),
            Map.entry(Ev.GO_SCHED, "runtime.Gosched"), Map.entry(Ev.GO_STOP, "forever"),
            Map.entry(Ev.GO_END, "end"), Map.entry(Ev.GO_SYS_BLOCK, "syscall"));

    /** Decodes the trace on {@code in} and writes its JSON to {@code out}. */
    public static void convert(InputStream in, OutputStream out) throws IOException {
        Decoder d = new Decoder(in.readAllBytes());
        d.decode();
        d.events.sort(Comparator.comparingLong(Event::ticks).thenComparingInt(Event::order));
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        new Emitter(d, w).write();
        w.flush();
    }

    /** The wire format (see {@link ProcTrace}). */
    private static final class Decoder {
        final byte[] b;
        int pos;
        final Map<Long, String> strings = new HashMap<>();
        /** Stack id to raw frames ({pc, func, file, line} each), then to "func file:line" strings. */
        private final Map<Long, long[]> rawStacks = new HashMap<>();
        final Map<Long, String[]> stacks = new HashMap<>();
        final List<Event> events = new ArrayList<>();
        long frequency;

        Decoder(byte[] b) {
            this.b = b;
        }

        void decode() throws IOException {
            if (b.length < 16 || !Arrays.equals(Arrays.copyOf(b, 16), Ev.HEADER)) {
                throw new IOException(b.length >= 16 && new String(b, 0, 3, StandardCharsets.US_ASCII).equals("go ")
                        ? "unsupported trace file version (want go 1.19 trace)" : "not a trace file");
            }
            pos = 16;
            long p = 0, last = 0;
            while (pos < b.length) {
                int head = b[pos++] & 0xFF;
                int type = head & 0x3F;
                int narg = (head >> 6) + 1;
                switch (type) {
                    case Ev.STRING -> {
                        long id = varint();
                        int len = (int) varint();
                        strings.put(id, new String(b, pos, len, StandardCharsets.UTF_8));
                        pos += len;
                    }
                    case Ev.STACK -> {
                        long end = varint();
                        end += pos;
                        long id = varint();
                        int n = (int) varint();
                        long[] frames = new long[n * 4];
                        for (int i = 0; i < frames.length; i++) frames[i] = varint();
                        pos = (int) end;
                        rawStacks.put(id, frames);
                    }
                    case Ev.BATCH -> {
                        p = varint();
                        last = varint();
                    }
                    case Ev.FREQUENCY -> frequency = varint();
                    default -> {
                        long[] vals;
                        if (narg < 4) {
                            vals = new long[narg];
                            for (int i = 0; i < narg; i++) vals[i] = varint();
                        } else {
                            long end = varint() + pos;
                            List<Long> l = new ArrayList<>();
                            while (pos < end) l.add(varint());
                            vals = l.stream().mapToLong(Long::longValue).toArray();
                        }
                        String text = null;
                        if (type == Ev.USER_LOG) {
                            int len = (int) varint();
                            text = new String(b, pos, len, StandardCharsets.UTF_8);
                            pos += len;
                        }
                        last += vals[0];
                        events.add(new Event(type, p, last, Arrays.copyOfRange(vals, 1, vals.length), text, events.size()));
                    }
                }
            }
            if (frequency <= 0) throw new IOException("no EvFrequency event");
            rawStacks.forEach((id, raw) -> stacks.put(id, resolve(raw))); // strings may follow the stacks
        }

        private String[] resolve(long[] raw) {
            String[] out = new String[raw.length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = strings.getOrDefault(raw[4 * i + 1], "?") + " " + strings.getOrDefault(raw[4 * i + 2], "?") + ":" + raw[4 * i + 3];
            }
            return out;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (pos >= b.length) throw new IOException("truncated trace at offset " + pos);
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new IOException("bad varint at offset " + pos);
        }
    }

    /** The JSON side. */
    private static final class Emitter {
        final Decoder d;
        final Writer w;
        boolean first = true;
        final long t0;
        /** Per P: the goroutine running and since when; open regions per goroutine. */
        final Map<Long, long[]> running = new HashMap<>();
        final Map<Long, Long> gcStart = new HashMap<>();
        long regionIds;
        final Map<Long, List<long[]>> regions = new HashMap<>();

        Emitter(Decoder d, Writer w) {
            this.d = d;
            this.w = w;
            this.t0 = d.events.isEmpty() ? 0 : d.events.get(0).ticks();
        }

        double us(long ticks) {
            return (ticks - t0) * 1e6 / d.frequency;
        }

        void write() throws IOException {
            w.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
            meta("process_name", 0, "{\"name\":\"gort\"}");
            for (Event e : d.events) event(e);
            long last = d.events.isEmpty() ? 0 : d.events.get(d.events.size() - 1).ticks();
            for (Map.Entry<Long, long[]> run : running.entrySet()) slice(run.getValue(), run.getKey(), last, "running at trace end", "[]");
            w.write("\n]}\n");
        }

        void event(Event e) throws IOException {
            long p = e.p();
            long[] a = e.args();
            switch (e.type()) {
                case Ev.PROC_START -> meta("thread_name", p, "{\"name\":" + str(p == -1 ? "Global" : "Proc " + p) + "}");
                case Ev.GO_START -> running.put(p, new long[] {a[0], e.ticks()});
                case Ev.GO_END, Ev.GO_STOP, Ev.GO_SCHED, Ev.GO_SLEEP, Ev.GO_BLOCK, Ev.GO_BLOCK_SEND, Ev.GO_BLOCK_RECV,
                        Ev.GO_BLOCK_SELECT, Ev.GO_BLOCK_SYNC, Ev.GO_BLOCK_COND, Ev.GO_BLOCK_NET, Ev.GO_SYS_BLOCK -> {
                    long[] run = running.remove(p);
                    if (run != null) slice(run, p, e.ticks(), NAMES.get(e.type()), a.length > 0 ? stackJson(a[a.length - 1]) : "[]");
                }
                case Ev.GO_CREATE -> instant("go G" + a[0], p, e, a[a.length - 1]);
                case Ev.GO_UNBLOCK -> instant("unblock G" + a[0], p, e, a[a.length - 1]);
                case Ev.USER_LOG -> instant(d.strings.getOrDefault(a[1], "log") + ": " + e.text(), p, e, a[a.length - 1]);
                case Ev.USER_TASK_CREATE -> async("b", "task", d.strings.getOrDefault(a[2], "task"), a[0], e, p);
                case Ev.USER_TASK_END -> async("e", "task", "", a[0], e, p);
                case Ev.USER_REGION -> region(e, p, a);
                case Ev.GC_START -> gcStart.put(0L, e.ticks());
                case Ev.GC_DONE -> {
                    Long s = gcStart.remove(0L);
                    if (s != null) emit("{\"name\":\"GC\",\"cat\":\"gc\",\"ph\":\"X\",\"ts\":" + us(s) + ",\"dur\":"
                            + (us(e.ticks()) - us(s)) + ",\"pid\":0,\"tid\":\"GC\"}");
                }
                case Ev.HEAP_ALLOC -> counter("Heap", "Allocated", a[0], e);
                case Ev.GOMAXPROCS -> counter("GOMAXPROCS", "procs", a[0], e);
                default -> { }
            }
        }

        /** A goroutine's run {goid, start ticks} on P p, ended at {@code end} by {@code why}. */
        void slice(long[] run, long p, long end, String why, String stack) throws IOException {
            emit("{\"name\":" + str("G" + run[0]) + ",\"cat\":\"goroutine\",\"ph\":\"X\",\"ts\":" + us(run[1])
                    + ",\"dur\":" + (us(end) - us(run[1])) + ",\"pid\":0,\"tid\":" + p
                    + ",\"args\":{\"goid\":" + run[0] + ",\"end\":" + str(why) + ",\"stack\":" + stack + "}}");
        }

        /** Regions nest per goroutine: matched by a stack of ids, shown as async spans. */
        void region(Event e, long p, long[] a) throws IOException {
            long g = running.containsKey(p) ? running.get(p)[0] : 0;
            List<long[]> open = regions.computeIfAbsent(g, k -> new ArrayList<>());
            String name = d.strings.getOrDefault(a[2], "region");
            if (a[1] == 0) {
                long id = ++regionIds;
                open.add(new long[] {id});
                async("b", "region", name, id, e, p);
            } else if (!open.isEmpty()) {
                async("e", "region", name, open.remove(open.size() - 1)[0], e, p);
            }
        }

        void instant(String name, long p, Event e, long stack) throws IOException {
            emit("{\"name\":" + str(name) + ",\"ph\":\"i\",\"s\":\"t\",\"ts\":" + us(e.ticks()) + ",\"pid\":0,\"tid\":" + p
                    + ",\"args\":{\"stack\":" + stackJson(stack) + "}}");
        }

        void async(String ph, String cat, String name, long id, Event e, long p) throws IOException {
            emit("{\"name\":" + str(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"" + ph + "\",\"id\":" + id + ",\"ts\":"
                    + us(e.ticks()) + ",\"pid\":0,\"tid\":" + p + "}");
        }

        void counter(String name, String series, long value, Event e) throws IOException {
            emit("{\"name\":" + str(name) + ",\"ph\":\"C\",\"ts\":" + us(e.ticks()) + ",\"pid\":0,\"args\":{" + str(series) + ":"
                    + value + "}}");
        }

        void meta(String kind, long tid, String args) throws IOException {
            emit("{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":0,\"tid\":" + tid + ",\"args\":" + args + "}");
        }

        String stackJson(long id) {
            String[] frames = d.stacks.get(id);
            if (frames == null) return "[]";
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < frames.length; i++) sb.append(i > 0 ? "," : "").append(str(frames[i]));
            return sb.append(']').toString();
        }

        void emit(String json) throws IOException {
            w.write(first ? "\n" : ",\n");
            first = false;
            w.write(json);
        }

        static String str(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
