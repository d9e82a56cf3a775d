package com.pulse.messaging.system;

/** Strict query parameters: out of range or not a number is a 400, never clamped. */
public final class QueryParams {

	private QueryParams() {
	}

	/** An integer parameter within bounds, or the default when absent. */
	public static int intParam(String name, String raw, int defaultValue, int min, int max) {
		Long value = longParam(name, raw);
		if (value == null) {
			return defaultValue;
		}
		if (value < min || value > max) {
			throw ApiException.invalid(name, "must be between " + min + " and " + max);
		}
		return value.intValue();
	}

	/** A non-negative integer parameter, or null when absent. */
	public static Long longParam(String name, String raw) {
		if (raw == null) {
			return null;
		}
		try {
			long value = Long.parseLong(raw.trim());
			if (value < 0) {
				throw ApiException.invalid(name, "must be 0 or more");
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalid(name, "must be an integer");
		}
	}

}
