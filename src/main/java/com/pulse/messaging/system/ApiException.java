package com.pulse.messaging.system;

import java.util.List;

/** A failure the client is told about: an {@link ErrorCode}, a safe detail and optional field errors. */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final List<FieldError> errors;

	public ApiException(ErrorCode code, String detail) {
		this(code, detail, List.of());
	}

	public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
		super(detail, null, false, false);
		this.code = code;
		this.errors = List.copyOf(errors);
	}

	public ErrorCode code() {
		return this.code;
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	public static ApiException notFound(String what) {
		return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(ErrorCode.FORBIDDEN, detail);
	}

	public static ApiException invalid(String field, String message) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, "The request is invalid", List.of(new FieldError(field, message)));
	}

	public static ApiException malformed(String detail) {
		return new ApiException(ErrorCode.MALFORMED_REQUEST, detail);
	}

	/** One rule a request field broke. */
	public record FieldError(String field, String message) {
	}

}
