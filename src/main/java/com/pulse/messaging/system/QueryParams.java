package com.pulse.messaging.system;

import java.util.Map;

/** Strict query parameters: out of range or not a number is a 400, never clamped. */
public final class QueryParams {

	private QueryParams() {
	}

	public static int intParam(Map<String, String> params, String name, int defaultValue, int min, int max) {
		Long value = longParam(params, name);
		if (value == null) {
			return defaultValue;
		}
		if (value < min || value > max) {
			throw ApiException.invalid(name, "must be between " + min + " and " + max);
		}
		return value.intValue();
	}

	/** A non-negative integer parameter, or null when absent. */
	public static Long longParam(Map<String, String> params, String name) {
		String raw = params.get(name);
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
