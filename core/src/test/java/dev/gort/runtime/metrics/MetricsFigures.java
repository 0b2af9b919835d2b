package dev.gort.runtime.metrics;

/**
 * Measured cost of reading every metric (not a test: run by hand, figures in docs/mapping.md):
 * {@code Metrics.read} of one reused sample per name in {@link Metrics#all()}, per call and per
 * measured sample, and the same for the subset of names Go 1.19 also has (its program:
 * bench/go/metricsread).
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp core/target/classes:core/target/test-classes dev.gort.runtime.metrics.MetricsFigures
 * </pre>
 * Each figure is the best of five rounds of 200,000 reads (the machine is shared), after a warm-up round.
 */
public final class MetricsFigures {
    private MetricsFigures() {}

    public static void main(String[] args) {
        Sample[] all = Metrics.all().stream().map(d -> new Sample(d.name())).toArray(Sample[]::new);
        Metrics.read(all);
        int measured = 0;
        for (Sample s : all) if (s.value().kind() != ValueKind.BAD) measured++;
        Sample[] measuredOnly = Metrics.all().stream().filter(d -> d.kind() != ValueKind.BAD)
                .map(d -> new Sample(d.name())).toArray(Sample[]::new);
        double perRead = best(all);
        double perMeasured = best(measuredOnly);
        System.out.printf("read(all %d samples, %d measured): %.0f ns per call, %.1f ns per sample, %.1f ns per measured sample%n",
                all.length, measured, perRead, perRead / all.length, perRead / measured);
        System.out.printf("read(%d measured samples only):    %.0f ns per call, %.1f ns per sample%n",
                measuredOnly.length, perMeasured, perMeasured / measuredOnly.length);
    }

    private static double best(Sample[] samples) {
        round(samples); // warm-up
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) best = Math.min(best, round(samples));
        return best;
    }

    private static double round(Sample[] samples) {
        int n = 200_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) Metrics.read(samples);
        return (double) (System.nanoTime() - t0) / n;
    }
}
