package dev.gort.sync;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Go's {@code sync.Map}: a map safe for concurrent use by several goroutines without further
 * locking, whose loads, stores and deletes run in amortized constant time.
 *
 * <h2>Design</h2>
 * Go builds its Map from a read-only snapshot and a locked dirty map because Go's maps are not
 * concurrent; the JDK has a concurrent hash map with the same guarantees (every operation
 * atomic, {@link #range} weakly consistent), so gort's is a thin layer over
 * {@link ConcurrentHashMap}. What the layer adds is Go's value model: a key or value may be
 * null (Go's nil), stored as a private sentinel; keys compare with {@link Object#equals}, and
 * {@link #compareAndSwap}/{@link #compareAndDelete} compare values with it too (Go's {@code ==}
 * on interface values; Go panics when the old value's type is not comparable, Java's are all
 * comparable this way).
 *
 * <p>Operations that Go gives two results return {@link Result}: the value and whether the key
 * was there.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class SyncMap<K, V> {
    /** Go's nil key or value, which ConcurrentHashMap cannot hold. */
    private static final Object NIL = new Object();

    private final ConcurrentHashMap<Object, Object> m = new ConcurrentHashMap<>();

    /** An empty map (Go's zero {@code sync.Map}). */
    public SyncMap() {}

    /**
     * Two results of a sync.Map method: Go's {@code (value any, ok bool)} of {@code Load},
     * {@code (actual any, loaded bool)} of {@code LoadOrStore}, and so on.
     *
     * @param value the value (null when ok is false)
     * @param ok    whether the key was present
     * @param <V>   value type
     */
    public record Result<V>(V value, boolean ok) {}

    private static final Result<?> ABSENT = new Result<>(null, false);

    /**
     * Go's {@code Load(key)}: the value stored for key, and whether there was one.
     *
     * @param key the key
     * @return the value and whether it was present
     */
    public Result<V> load(K key) {
        return result(m.get(box(key)));
    }

    /**
     * Go's {@code Store(key, value)}: sets the value for key.
     *
     * @param key the key
     * @param value the value
     */
    public void store(K key, V value) {
        m.put(box(key), box(value));
    }

    /**
     * Go's {@code LoadOrStore(key, value)}: the existing value for key if there is one
     * ({@code ok} true), otherwise stores value and returns it ({@code ok} false).
     *
     * @param key the key
     * @param value the value stored when the key is absent
     * @return the existing value and true (loaded), or the given value and false (stored)
     */
    public Result<V> loadOrStore(K key, V value) {
        Object prev = m.putIfAbsent(box(key), box(value));
        return prev != null ? result(prev) : new Result<>(value, false);
    }

    /**
     * Go's {@code LoadAndDelete(key)}: deletes key's value, returning it and whether there was one.
     *
     * @param key the key
     * @return the removed value and whether it was present
     */
    public Result<V> loadAndDelete(K key) {
        return result(m.remove(box(key)));
    }

    /**
     * Go's {@code Delete(key)}: deletes key's value.
     *
     * @param key the key
     */
    public void delete(K key) {
        m.remove(box(key));
    }

    /**
     * Go's {@code Swap(key, value)} (Go 1.20): stores value, returning the previous one and whether there was one.
     *
     * @param key the key
     * @param value the new value
     * @return the previous value and whether it was present
     */
    public Result<V> swap(K key, V value) {
        return result(m.put(box(key), box(value)));
    }

    /**
     * Go's {@code CompareAndSwap(key, old, new)} (Go 1.20): stores neu if key's value equals old; says whether it did.
     *
     * @param key the key
     * @param old the value expected
     * @param neu the value stored if old was there
     * @return whether the swap happened
     */
    public boolean compareAndSwap(K key, V old, V neu) {
        return m.replace(box(key), box(old), box(neu));
    }

    /**
     * Go's {@code CompareAndDelete(key, old)} (Go 1.20): deletes key's value if it equals old; says
     * whether it did. As in Go, a missing key with a null old returns false.
     *
     * @param key the key
     * @param old the value expected
     * @return whether the entry was deleted
     */
    public boolean compareAndDelete(K key, V old) {
        return m.remove(box(key), box(old));
    }

    /**
     * Go's {@code Range(f)}: calls f for each key and value until f returns false. As Go's, it is
     * not a snapshot: each key is visited at most once, and a key stored or deleted during the
     * walk may or may not be visited. f may call any method of this map.
     *
     * @param f called for each entry; returning false stops the iteration
     */
    public void range(BiPredicate<? super K, ? super V> f) {
        Objects.requireNonNull(f, "f");
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            if (!f.test(unbox(e.getKey()), unbox(e.getValue()))) return;
        }
    }

    /** Go's {@code Clear()} (Go 1.23): deletes every entry. */
    public void clear() {
        m.clear();
    }

    private static Object box(Object o) {
        return o == null ? NIL : o;
    }

    @SuppressWarnings("unchecked")
    private static <T> T unbox(Object o) {
        return o == NIL ? null : (T) o;
    }

    @SuppressWarnings("unchecked")
    private Result<V> result(Object stored) {
        return stored == null ? (Result<V>) ABSENT : new Result<>(unbox(stored), true);
    }
}
