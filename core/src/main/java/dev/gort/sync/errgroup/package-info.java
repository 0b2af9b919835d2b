/**
 * Go's {@code golang.org/x/sync/errgroup}: a {@link dev.gort.sync.errgroup.Group} of goroutines
 * working on subtasks of one task, with the first error kept and the group's context canceled.
 */
package dev.gort.sync.errgroup;
