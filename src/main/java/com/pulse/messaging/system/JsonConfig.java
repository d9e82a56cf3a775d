package com.pulse.messaging.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON as the contract wants it: snake_case (application.yml), strict types (a number is never a
 * string and the other way round) and timestamps always with milliseconds.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

	static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return (builder) -> {
			SimpleModule timestamps = new SimpleModule("timestamps");
			timestamps.addSerializer(Instant.class, new InstantSerializer());
			timestamps.addSerializer(RawJson.class, new RawJsonSerializer());
			builder.addModule(timestamps);
			builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
			builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
			builder.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
			builder.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
			builder.withCoercionConfig(LogicalType.Textual, (config) -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
			for (LogicalType numeric : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
				builder.withCoercionConfig(numeric, (config) -> config
					.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
			}
			builder.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
		};
	}

	/** JSON encoded before, written as it is. */
	static final class RawJsonSerializer extends ValueSerializer<RawJson> {

		@Override
		public void serialize(RawJson value, JsonGenerator gen, SerializationContext context) {
			gen.writeRawValue(value.json());
		}

	}

	/** RFC 3339 UTC with exactly three fraction digits: {@code 2026-11-28T12:00:00.123Z}. */
	static final class InstantSerializer extends ValueSerializer<Instant> {

		@Override
		public void serialize(Instant value, JsonGenerator gen, SerializationContext context) {
			gen.writeString(Timestamps.format(value));
		}

	}

}
