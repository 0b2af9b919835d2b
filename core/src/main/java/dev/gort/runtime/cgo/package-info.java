/**
 * Go's {@code runtime/cgo} support on the JVM: counted calls into C through the Foreign Function
 * &amp; Memory API ({@link dev.gort.runtime.cgo.Cgo}).
 */
package dev.gort.runtime.cgo;
