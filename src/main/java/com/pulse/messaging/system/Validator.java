package com.pulse.messaging.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.pulse.messaging.system.ApiException.FieldError;

/** Collects rule violations of one request and throws them together as {@code validation_failed}. */
public final class Validator {

	private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

	private final List<FieldError> errors = new ArrayList<>();

	public static Validator create() {
		return new Validator();
	}

	public static boolean isUserId(String value) {
		return value != null && USER_ID.matcher(value).matches();
	}

	public Validator check(boolean ok, String field, String message) {
		if (!ok) {
			this.errors.add(new FieldError(field, message));
		}
		return this;
	}

	public Validator userId(String value, String field) {
		return check(isUserId(value), field, "must be a user id of 1-64 characters from [A-Za-z0-9._:@-]");
	}

	public boolean hasErrors() {
		return !this.errors.isEmpty();
	}

	public void throwIfInvalid() {
		if (!this.errors.isEmpty()) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "The request is invalid", this.errors);
		}
	}

}
