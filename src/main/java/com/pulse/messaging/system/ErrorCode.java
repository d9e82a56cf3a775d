package com.pulse.messaging.system;

import org.springframework.http.HttpStatus;

/** The closed set of error codes of the contract, each with its HTTP status; used by REST and WebSocket alike. */
public enum ErrorCode {

	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
	BLOCKED("blocked", HttpStatus.FORBIDDEN, "Blocked"),
	BANNED("banned", HttpStatus.FORBIDDEN, "Banned"),
	/** Frame only: the socket's token expired (then close 4001). */
	TOKEN_EXPIRED("token_expired", HttpStatus.UNAUTHORIZED, "Token Expired"),
	NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "Not Found"),
	VALIDATION_FAILED("validation_failed", HttpStatus.BAD_REQUEST, "Validation Failed"),
	MALFORMED_REQUEST("malformed_request", HttpStatus.BAD_REQUEST, "Malformed Request"),
	CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
	PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE, "Payload Too Large"),
	UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type"),
	METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"),
	RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests"),
	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable"),
	INTERNAL("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");

	private final String code;

	private final HttpStatus status;

	private final String title;

	ErrorCode(String code, HttpStatus status, String title) {
		this.code = code;
		this.status = status;
		this.title = title;
	}

	public String code() {
		return this.code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** The problem type URI: stable, one per code. */
	public String type() {
		return "https://pulse.dev/problems/" + this.code.replace('_', '-');
	}

}
