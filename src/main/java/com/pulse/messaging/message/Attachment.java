package com.pulse.messaging.message;

/** A file attached to a message; the bytes live elsewhere (the URL). */
public record Attachment(String url, String mimeType, Long size, String name, Integer width, Integer height) {
}
