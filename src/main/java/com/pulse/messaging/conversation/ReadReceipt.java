package com.pulse.messaging.conversation;

/** The answer to a read: the caller's watermark and what is left unread. */
public record ReadReceipt(String conversationId, String userId, long lastReadSeq, long unreadCount) {
}
