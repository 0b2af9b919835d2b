package bench

import (
	"context"
	"sync"
	"testing"
)

// BenchmarkContextDoneSelect: a 2-case select per op on a ready private channel and a live
// context's Done channel.
func BenchmarkContextDoneSelect(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.RunParallel(func(pb *testing.PB) {
		work := make(chan int, 1)
		for pb.Next() {
			work <- 1
			select {
			case <-work:
			case <-ctx.Done():
			}
		}
	})
}

// BenchmarkPoolPutGet: Put then Get on one shared Pool (sync's BenchmarkPool).
func BenchmarkPoolPutGet(b *testing.B) {
	var p sync.Pool
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p.Put(1)
			p.Get()
		}
	})
}
