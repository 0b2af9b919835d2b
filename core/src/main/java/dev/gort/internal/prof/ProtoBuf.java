package dev.gort.internal.prof;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protocol-buffer encoder just big enough for pprof's {@code profile.proto}: varints, packed
 * repeated varints, strings and nested messages, written into one growing byte array. (Go's
 * runtime/pprof hand-writes its encoder for the same reason: the runtime cannot depend on a
 * protobuf library, and neither can gort's core jar.)
 *
 * <p>A nested message is written in place: {@link #startMessage} reserves nothing, remembers
 * where the message's bytes begin, and {@link #endMessage} shifts them right to make room for the
 * tag and length, which are only known then. Profiles nest at most two levels (Profile → Sample →
 * Label, Profile → Location → Line), so the shifts cost little.
 *
 * <p>Zero values are not written (proto3 defaults), except where a caller writes a packed field,
 * whose elements are written as given. Not thread-safe: one writer per profile.
 */
final class ProtoBuf {
    private static final int VARINT = 0;
    private static final int BYTES = 2;

    private byte[] buf = new byte[4096];
    private int len;

    /** The encoded bytes so far. */
    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    /** An int64/uint64/bool field; 0 is the default and is not written. */
    void int64(int field, long v) {
        if (v == 0) return;
        tag(field, VARINT);
        varint(v);
    }

    /** A bool field; false is not written. */
    void bool(int field, boolean v) {
        if (v) int64(field, 1);
    }

    /** A repeated int64/uint64 field, packed (one length-delimited run, as proto3 does by default). */
    void packed(int field, long[] vs, int n) {
        if (n == 0) return;
        tag(field, BYTES);
        int start = len;
        for (int i = 0; i < n; i++) varint(vs[i]);
        prefixLength(start);
    }

    /** A string field, always written (the string table's first entry is the empty string). */
    void string(int field, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        tag(field, BYTES);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Begins a nested message of field {@code field}; returns the mark to hand to {@link #endMessage}. */
    int startMessage(int field) {
        tag(field, BYTES);
        return len;
    }

    /** Ends the message begun at {@code mark}: inserts its length before its bytes. */
    void endMessage(int mark) {
        prefixLength(mark);
    }

    /** Inserts the varint length of {@code buf[start, len)} at {@code start}. */
    private void prefixLength(int start) {
        int n = len - start;
        int size = 1;
        for (long v = n; (v & ~0x7FL) != 0; v >>>= 7) size++;
        ensure(size);
        System.arraycopy(buf, start, buf, start + size, n);
        int end = len + size;
        len = start;
        varint(n);
        len = end;
    }
}
