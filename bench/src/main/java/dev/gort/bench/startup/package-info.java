/**
 * The two programs bench/startup times against each other: a {@code Go.main} hello world and a
 * plain Java one, run on the same JDK with the same class path and JVM options.
 */
package dev.gort.bench.startup;
