// Command parked is bench/goroutine-memory's Go side: it parks N goroutines (default 1,000,000)
// in <-ch and prints the stack and heap they hold, per goroutine, after a GC.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
)

func inUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.StackInuse + m.HeapInuse
}

func main() {
	n := 1_000_000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	ch := make(chan int)
	var started sync.WaitGroup
	started.Add(n)
	before := inUse()
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-ch
		}()
	}
	started.Wait()
	runtime.Gosched()
	after := inUse()
	fmt.Printf("Go: %d goroutines parked in <-ch: %d bytes each (stack + heap in use, %d MiB)\n",
		n, (after-before)/uint64(n), (after-before)>>20)
	close(ch)
}
