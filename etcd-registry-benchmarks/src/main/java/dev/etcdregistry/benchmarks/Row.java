package dev.etcdregistry.benchmarks;

/**
 * One line of the results table: a measured figure, the baseline measured in the same run (may
 * be null), the target and whether it was met.
 */
record Row(String figure, String unit, Stats measured, String baselineName, Stats baseline, String target,
		String verdict) {

	/** The measured p50 divided by the baseline's p50, or empty without a baseline. */
	String ratio() {
		if (this.baseline == null || this.baseline.p50() == 0) {
			return "";
		}
		if (this.baseline.p50() < 0 || this.measured.p50() < 0) {
			// a time that can fall before its start (figure 11e): a ratio would mean nothing
			return "n/a";
		}
		if (this.measured.p50() == 0) {
			return "0";
		}
		double ratio = this.measured.p50() / this.baseline.p50();
		return (ratio < 0.01) ? String.format("1/%,.0f", 1 / ratio) : String.format("%.2f", ratio);
	}

}
