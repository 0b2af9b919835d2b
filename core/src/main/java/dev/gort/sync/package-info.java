/**
 * Go's package {@code sync}: {@link dev.gort.sync.Mutex}, {@link dev.gort.sync.RWMutex},
 * {@link dev.gort.sync.WaitGroup}, {@link dev.gort.sync.Once}, {@link dev.gort.sync.Cond} and
 * {@link dev.gort.sync.Locker}, built as Go's are on the runtime's semaphores, so a blocked
 * goroutine shows Go's wait reason ({@code sync.Mutex.Lock}, …) in dumps and its waits feed the
 * block and mutex profiles. They work from goroutines and from plain Java threads alike.
 * Method names map as in docs/mapping.md (Go's {@code Wait} is {@code await}, {@code Once.Do}
 * is {@code run}: {@code wait} and {@code do} are taken in Java).
 */
package dev.gort.sync;
