/**
 * JUnit 5 support for code that uses gort: {@link dev.gort.junit.GortExtension} runs each test as
 * Go's {@code go test} runs a test function and fails it for a goroutine panic (with Go's report),
 * leaked goroutines (with their Go-format dump) or a deadlock (with Go's deadlock report).
 */
package dev.gort.junit;
