package com.pulse.messaging.system;

import org.springframework.data.redis.core.script.DigestUtils;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Redis Lua script whose SHA-1 is computed once. Spring's {@code DefaultRedisScript} takes a lock on every
 * {@code getSha1()}, so two event loops running the same script at once could park one of them.
 */
public record LuaScript<T>(String getScriptAsString, Class<T> getResultType, String getSha1) implements RedisScript<T> {

	public static <T> LuaScript<T> of(String script, Class<T> resultType) {
		return new LuaScript<>(script, resultType, DigestUtils.sha1DigestAsHex(script));
	}

}
