// Command goroutineprof measures Go's side of a gort figure: the time to write the goroutine
// profile (pprof.Lookup("goroutine").WriteTo(w, 0)) of N parked goroutines, best of five after a
// warm-up round, and the longest stall a running goroutine sees meanwhile. gort's counterpart is
// dev.gort.runtime.pprof.ProfFigures goroutine.
//
//	cd bench/go && go run ./goroutineprof [-n 100000]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	n := flag.Int("n", 100000, "parked goroutines")
	flag.Parse()
	release := make(chan int)
	var started sync.WaitGroup
	started.Add(*n)
	for i := 0; i < *n; i++ {
		go func() {
			started.Done()
			<-release
		}()
	}
	started.Wait()
	time.Sleep(time.Second)

	var stop atomic.Bool
	var maxGap atomic.Int64
	go func() {
		last := time.Now()
		for !stop.Load() {
			now := time.Now()
			if gap := now.Sub(last).Nanoseconds(); gap > maxGap.Load() {
				maxGap.Store(gap)
			}
			last = now
		}
	}()
	best := time.Duration(1 << 62)
	size := 0
	for round := 0; round < 6; round++ {
		time.Sleep(200 * time.Millisecond)
		var buf bytes.Buffer
		maxGap.Store(0)
		t0 := time.Now()
		pprof.Lookup("goroutine").WriteTo(&buf, 0)
		t := time.Since(t0)
		if round > 0 && t < best {
			best = t
		}
		size = buf.Len()
		fmt.Printf("round %d: %.1f ms, longest stall of a running goroutine %.2f ms\n", round, float64(t)/1e6, float64(maxGap.Load())/1e6)
	}
	stop.Store(true)
	fmt.Printf("goroutine profile of %d parked goroutines: best %.1f ms, %d bytes\n", *n, float64(best)/1e6, size)
	close(release)
}
