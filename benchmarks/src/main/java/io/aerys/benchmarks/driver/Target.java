package io.aerys.benchmarks.driver;

/**
 * What a figure of the starter must reach: a bound on its ratio to the baseline, or on its own
 * value.
 *
 * @param description as printed, such as {@code ≥ 0.97x}
 * @param bound the bound
 * @param atLeast whether the figure must be at least the bound (else at most)
 * @param onRatio whether the bound applies to starter / baseline (else to the starter's figure)
 */
record Target(String description, double bound, boolean atLeast, boolean onRatio) {

	static Target ratioAtLeast(double bound) {
		return new Target("≥ " + bound + "x", bound, true, true);
	}

	static Target ratioAtMost(double bound) {
		return new Target("≤ " + bound + "x", bound, false, true);
	}

	static Target valueAtLeast(double bound, String description) {
		return new Target(description, bound, true, false);
	}

	static Target valueAtMost(double bound, String description) {
		return new Target(description, bound, false, false);
	}

	boolean isMet(double starter, double ratio) {
		double value = this.onRatio ? ratio : starter;
		return this.atLeast ? value >= this.bound : value <= this.bound;
	}

	/**
	 * Return by how much the figure clears (positive) or misses (negative) the bound, relative to it.
	 * @param starter the starter's figure
	 * @param ratio starter / baseline
	 * @return the margin, such as {@code -0.02} for 2% short
	 */
	double margin(double starter, double ratio) {
		double value = this.onRatio ? ratio : starter;
		return this.atLeast ? value / this.bound - 1 : 1 - value / this.bound;
	}

}
