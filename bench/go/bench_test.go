// Package bench holds Go's side of gort's benchmark table: one benchmark per row of
// bench/results/latest.md, named as the JMH method (capitalised) and written in the shape of Go's
// own runtime, sync and time benchmarks, so that `go test -bench . -cpu 1,2` measures Go on the
// machine gort is measured on. bench/run runs it and reads the figures.
package bench

import (
	"io"
	"runtime"
	"runtime/trace"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// callsPerSched is how many messages a producer sends per claim on the shared budget.
const callsPerSched = 1000

func BenchmarkCreateGoroutines(b *testing.B) { createGoroutines(b, 1) }

func BenchmarkCreateGoroutinesParallel(b *testing.B) {
	createGoroutines(b, runtime.GOMAXPROCS(0))
}

// createGoroutines runs procs chains in which each goroutine starts the next and exits.
func createGoroutines(b *testing.B, procs int) {
	done := make(chan bool)
	var chain func(n int)
	chain = func(n int) {
		if n == 0 {
			done <- true
			return
		}
		go chain(n - 1)
	}
	for i := 0; i < procs; i++ {
		go chain(b.N / procs)
	}
	for i := 0; i < procs; i++ {
		<-done
	}
}

// BenchmarkPingPong: one round trip, ping <- v; <-pong, against an echoing goroutine.
func BenchmarkPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < b.N; i++ {
			pong <- <-ping
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- 1
		<-pong
	}
}

// BenchmarkPingPongTraced: the same while runtime/trace writes to io.Discard (the tracer's cost).
func BenchmarkPingPongTraced(b *testing.B) {
	if err := trace.Start(io.Discard); err != nil {
		b.Fatal(err)
	}
	defer trace.Stop()
	BenchmarkPingPong(b)
}

// BenchmarkChanSync: one hand-off; two goroutines alternately receive and send on one channel.
func BenchmarkChanSync(b *testing.B) {
	c := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	for id := 0; id < 2; id++ {
		go func(id int) {
			defer wg.Done()
			for i := 0; i < b.N/2; i++ {
				if id == 0 {
					<-c
					c <- 0
				} else {
					c <- 0
					<-c
				}
			}
		}(id)
	}
	wg.Wait()
}

func BenchmarkChanProdCons0(b *testing.B)   { prodCons(b, 0) }
func BenchmarkChanProdCons10(b *testing.B)  { prodCons(b, 10) }
func BenchmarkChanProdCons100(b *testing.B) { prodCons(b, 100) }

// BenchmarkChanProdCons10Traced: prod/cons (buffer 10) while runtime/trace writes to io.Discard.
func BenchmarkChanProdCons10Traced(b *testing.B) {
	if err := trace.Start(io.Discard); err != nil {
		b.Fatal(err)
	}
	defer trace.Stop()
	prodCons(b, 10)
}

// prodCons: GOMAXPROCS producers claim batches of messages from a shared budget and send 1s then a
// 0; as many consumers receive until a 0. One op is one message.
func prodCons(b *testing.B, size int) {
	procs := runtime.GOMAXPROCS(0)
	budget := int32(b.N / callsPerSched)
	c := make(chan int, size)
	var wg sync.WaitGroup
	wg.Add(2 * procs)
	for p := 0; p < procs; p++ {
		go func() {
			defer wg.Done()
			for atomic.AddInt32(&budget, -1) >= 0 {
				for i := 0; i < callsPerSched; i++ {
					c <- 1
				}
			}
			c <- 0
		}()
		go func() {
			defer wg.Done()
			for <-c != 0 {
			}
		}()
	}
	wg.Wait()
}

// BenchmarkChanUncontended: 100 sends then 100 receives on a channel private to each goroutine.
func BenchmarkChanUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		c := make(chan int, 100)
		for pb.Next() {
			sendRecv100(c)
		}
	})
}

// BenchmarkChanContended: the same on one channel shared by all goroutines.
func BenchmarkChanContended(b *testing.B) {
	c := make(chan int, 100*runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			sendRecv100(c)
		}
	})
}

func sendRecv100(c chan int) {
	for i := 0; i < 100; i++ {
		c <- 0
	}
	for i := 0; i < 100; i++ {
		<-c
	}
}

// BenchmarkChanNonblocking: a receive that fails at once.
func BenchmarkChanNonblocking(b *testing.B) {
	c := make(chan int)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-c:
			default:
			}
		}
	})
}

// BenchmarkChanCreation: make a channel of capacity 1, send, receive.
func BenchmarkChanCreation(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := make(chan int, 1)
			c <- 0
			<-c
		}
	})
}

// BenchmarkSelectUncontended: a 2-case select on channels private to each goroutine, one ready.
func BenchmarkSelectUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		selectFlip(pb, make(chan int, 1), make(chan int, 1))
	})
}

// BenchmarkSelectAsyncContended: the same on two buffered channels shared by all goroutines.
func BenchmarkSelectAsyncContended(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	c1, c2 := make(chan int, procs), make(chan int, procs)
	b.RunParallel(func(pb *testing.PB) {
		selectFlip(pb, c1, c2)
	})
}

// selectFlip moves one token between c1 and c2 with a receive select per op.
func selectFlip(pb *testing.PB, c1, c2 chan int) {
	c1 <- 0
	for pb.Next() {
		select {
		case <-c1:
			c2 <- 0
		case <-c2:
			c1 <- 0
		}
	}
}

// BenchmarkSelectSyncContended: a 3-case receive select against a 3-case send select per goroutine.
func BenchmarkSelectSyncContended(b *testing.B) {
	c1, c2, c3 := make(chan int), make(chan int), make(chan int)
	done := make(chan int)
	b.RunParallel(func(pb *testing.PB) {
		go func() {
			for {
				select {
				case c1 <- 0:
				case c2 <- 0:
				case c3 <- 0:
				case <-done:
					return
				}
			}
		}()
		for pb.Next() {
			select {
			case <-c1:
			case <-c2:
			case <-c3:
			}
		}
	})
	close(done)
}

// BenchmarkSelectNonblock: four selects with a default, none ready or all ready at once.
func BenchmarkSelectNonblock(b *testing.B) {
	c1, c2 := make(chan int), make(chan int)
	c3, c4 := make(chan int, 1), make(chan int, 1)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-c1:
			default:
			}
			select {
			case c2 <- 0:
			default:
			}
			select {
			case <-c3:
			default:
			}
			select {
			case c4 <- 0:
			default:
			}
		}
	})
}

// BenchmarkSelectProdCons: producers and consumers select on a data channel, a timer that never
// fires and a close channel, with 100 units of local work per message.
func BenchmarkSelectProdCons(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	budget := int32(b.N / callsPerSched)
	c := make(chan int, 128)
	closing := make(chan bool)
	var wg sync.WaitGroup
	wg.Add(2 * procs)
	for p := 0; p < procs; p++ {
		go func() {
			defer wg.Done()
			timer := time.After(time.Hour)
			work := 0
			for atomic.AddInt32(&budget, -1) >= 0 {
				for i := 0; i < callsPerSched; i++ {
					work = localWork(work)
					select {
					case c <- 1:
					case <-timer:
					case <-closing:
					}
				}
			}
			atomic.AddInt64(&sink, int64(work))
			c <- 0
		}()
		go func() {
			defer wg.Done()
			timer := time.After(time.Hour)
			work := 0
			for {
				select {
				case v := <-c:
					if v == 0 {
						atomic.AddInt64(&sink, int64(work))
						return
					}
				case <-timer:
				case <-closing:
				}
				work = localWork(work)
			}
		}()
	}
	wg.Wait()
}

// sink keeps the local work observable so the compiler cannot drop it.
var sink int64

// localWork is Go's "model some local work": 100 multiply/divide pairs.
func localWork(foo int) int {
	for i := 0; i < 100; i++ {
		foo *= 2
		foo /= 2
	}
	return foo
}

// BenchmarkNewTimerStop: create a timer and stop it before it fires.
func BenchmarkNewTimerStop(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			time.NewTimer(time.Second).Stop()
		}
	})
}

// BenchmarkDefer: one deferred call that checks recover() is nil.
func BenchmarkDefer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		defer1(1, 2, 3)
	}
}

func defer1(x, y, z int) {
	defer func() {
		if recover() != nil || x != 1 || y != 2 || z != 3 {
			panic("bad recover")
		}
	}()
}

// BenchmarkPanicRecover: one panic recovered by a deferred call.
func BenchmarkPanicRecover(b *testing.B) {
	for i := 0; i < b.N; i++ {
		defer3()
	}
}

func defer3() {
	defer func() {
		if recover() == nil {
			panic("failed recover")
		}
	}()
	panic("hi")
}

// BenchmarkWaitGroupUncontended: Add(1), Done(), Wait() on a WaitGroup private to each goroutine.
func BenchmarkWaitGroupUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		var wg sync.WaitGroup
		for pb.Next() {
			wg.Add(1)
			wg.Done()
			wg.Wait()
		}
	})
}

// BenchmarkWaitGroupAddDone: Add(1), Done() on one shared WaitGroup.
func BenchmarkWaitGroupAddDone(b *testing.B) {
	var wg sync.WaitGroup
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			wg.Add(1)
			wg.Done()
		}
	})
}

// BenchmarkMutexUncontended: Lock, Unlock of a mutex private to each goroutine.
func BenchmarkMutexUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		var mu sync.Mutex
		for pb.Next() {
			mu.Lock()
			mu.Unlock()
		}
	})
}

// BenchmarkMutex: Lock, Unlock of one mutex shared by all goroutines.
func BenchmarkMutex(b *testing.B) {
	var mu sync.Mutex
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			mu.Unlock()
		}
	})
}

// BenchmarkCaller: runtime.Caller(1) (PC, file and line of the caller's caller).
func BenchmarkCaller(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, _, _, ok := runtime.Caller(1); !ok {
			b.Fatal("runtime.Caller(1) failed")
		}
	}
}

// BenchmarkCallers32: runtime.Callers into a 32-entry buffer from 32 frames deep.
func BenchmarkCallers32(b *testing.B) {
	pcs := make([]uintptr, 32)
	atDepth(32, func() {
		for i := 0; i < b.N; i++ {
			if runtime.Callers(1, pcs) != len(pcs) {
				b.Fatal("runtime.Callers: short stack")
			}
		}
	})
}

// atDepth calls f with n more frames on the stack.
//
//go:noinline
func atDepth(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	atDepth(n-1, f)
}
