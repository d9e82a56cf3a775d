import type { Message } from '../src/types.js';

export function message(conversationId: string, seq: number, senderId = 'bob', content = `m${seq}`): Message {
  return {
    id: `${conversationId}-${seq}`, conversation_id: conversationId, seq, sender_id: senderId, type: 'text', content,
    attachments: [], reply_to: null, created_at: '2026-12-02T00:00:00.000Z', edited_at: null, deleted: false, reactions: [],
  };
}
