package com.pulse.messaging.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.mongodb.MongoException;
import com.pulse.messaging.system.ApiException.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Maps any failure to an {@link ApiException} with a safe message: no class names, no driver text. */
public final class ErrorMapping {

	private ErrorMapping() {
	}

	public static ApiException toApiException(Throwable error) {
		if (error instanceof ApiException api) {
			return api;
		}
		if (hasCause(error, DataBufferLimitException.class)) {
			return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than allowed");
		}
		if (error instanceof UnsupportedMediaTypeStatusException) {
			return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json");
		}
		if (error instanceof MethodNotAllowedException) {
			return new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "The method is not allowed on this resource");
		}
		if (error instanceof ServerWebInputException input) {
			return fromInput(input);
		}
		if (error instanceof ResponseStatusException status) {
			return fromStatus(status.getStatusCode());
		}
		if (isBackendFailure(error)) {
			return new ApiException(ErrorCode.UNAVAILABLE, "A backing service is unavailable, try again later");
		}
		return new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred");
	}

	/** A JSON parsing failure of a request body or frame: a wrong type is a rule violation, the rest is malformed. */
	public static ApiException fromJson(Throwable error) {
		MismatchedInputException mismatch = findCause(error, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch);
			return new ApiException(ErrorCode.VALIDATION_FAILED, "The request is invalid",
					List.of(new FieldError(field, "has the wrong type")));
		}
		return ApiException.malformed("The body is not valid JSON of the expected shape");
	}

	private static ApiException fromInput(ServerWebInputException input) {
		if (hasCause(input, JacksonException.class) || hasCause(input, CodecException.class)) {
			return fromJson(input);
		}
		String reason = input.getReason();
		if (reason != null && reason.toLowerCase().contains("body")) {
			return ApiException.malformed("A JSON request body is required");
		}
		return new ApiException(ErrorCode.VALIDATION_FAILED, "A request parameter is invalid");
	}

	private static ApiException fromStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 404 -> new ApiException(ErrorCode.NOT_FOUND, "No such resource");
			case 405 -> new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "The method is not allowed on this resource");
			case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than allowed");
			case 415 -> new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json");
			case 400 -> ApiException.malformed("The request is malformed");
			case 503 -> new ApiException(ErrorCode.UNAVAILABLE, "The service is unavailable, try again later");
			default -> new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred");
		};
	}

	private static String path(DatabindException error) {
		List<String> parts = new ArrayList<>();
		for (var ref : error.getPath()) {
			if (ref.getPropertyName() != null) {
				parts.add(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				parts.add("[" + ref.getIndex() + "]");
			}
		}
		return String.join(".", parts).replace(".[", "[");
	}

	public static boolean isBackendFailure(Throwable error) {
		return hasCause(error, MongoException.class) || hasCause(error, DataAccessResourceFailureException.class)
				|| hasCause(error, TransientDataAccessException.class) || hasCause(error, TimeoutException.class)
				|| hasCause(error, io.lettuce.core.RedisException.class)
				|| hasCause(error, org.springframework.data.redis.RedisConnectionFailureException.class);
	}

	public static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
		return findCause(error, type) != null;
	}

	public static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}

}
