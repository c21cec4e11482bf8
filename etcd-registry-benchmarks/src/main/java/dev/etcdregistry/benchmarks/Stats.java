package dev.etcdregistry.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics of one set of samples, all in the same unit (milliseconds unless a row says
 * otherwise). Percentiles are nearest-rank, so p99 of fewer than 100 samples is the maximum.
 */
record Stats(int samples, double p50, double p99, double max) {

	static Stats of(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return of(sorted);
	}

	static Stats of(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		if (sorted.length == 0) {
			return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
	}

	/** One figure that is not a distribution (e.g. a heap size): p50 = p99 = max. */
	static Stats single(double value) {
		return new Stats(1, value, value, value);
	}

	private static double rank(double[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
