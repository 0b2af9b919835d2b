/**
 * Go's package {@code runtime/debug}: {@link dev.gort.runtime.debug.Debug} (SetGCPercent,
 * SetMemoryLimit, FreeOSMemory, ReadGCStats, WriteHeapDump, SetMaxThreads, SetMaxStack,
 * SetTraceback, SetPanicOnFault, Stack, PrintStack, ReadBuildInfo), {@link dev.gort.runtime.debug.GCStats}
 * and {@link dev.gort.runtime.debug.BuildInfo}. Each JVM difference is stated on the method.
 */
package dev.gort.runtime.debug;
