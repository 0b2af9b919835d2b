// Command metricsread measures metrics.Read of every metric Go's runtime offers (metrics.All),
// the figure gort's dev.gort.runtime.metrics.MetricsFigures is compared with.
//
//	go run bench/go/metricsread/main.go
package main

import (
	"fmt"
	"runtime/metrics"
	"time"
)

func round(samples []metrics.Sample) float64 {
	const n = 200000
	t0 := time.Now()
	for i := 0; i < n; i++ {
		metrics.Read(samples)
	}
	return float64(time.Since(t0).Nanoseconds()) / n
}

func main() {
	descs := metrics.All()
	samples := make([]metrics.Sample, len(descs))
	for i, d := range descs {
		samples[i].Name = d.Name
	}
	round(samples) // warm-up
	best := round(samples)
	for i := 0; i < 4; i++ {
		if r := round(samples); r < best {
			best = r
		}
	}
	fmt.Printf("%s: Read(all %d samples): %.0f ns per call, %.1f ns per sample\n",
		"go", len(samples), best, best/float64(len(samples)))
}
