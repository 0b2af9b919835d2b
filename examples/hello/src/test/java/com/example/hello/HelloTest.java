package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.junit.GortExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test of code that starts goroutines: gort-junit fails it on a goroutine panic, leak or deadlock. */
@ExtendWith(GortExtension.class)
class HelloTest {
    @Test
    void sumsTheSquares() {
        assertEquals(14, Hello.sumOfSquares(3));
        assertEquals(385, Hello.sumOfSquares(10));
    }
}
