package dev.sandpod.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured durations in nanoseconds, summarised as median and percentiles in milliseconds. */
final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    void add(long n) {
        nanos.add(n);
    }

    /** For samples taken on several threads. */
    synchronized void addSynchronized(long n) {
        nanos.add(n);
    }

    int count() {
        return nanos.size();
    }

    double percentileMillis(double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    double medianMillis() {
        return percentileMillis(50);
    }
}
