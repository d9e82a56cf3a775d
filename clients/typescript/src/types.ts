// Objects and frames of the messaging contract (shared/API.md, v1 and v2 additions), as on the wire.

export type MessageType = 'text' | 'image' | 'file' | 'system';

export interface Attachment {
  url: string;
  mime_type?: string;
  size?: number;
  name?: string;
  width?: number;
  height?: number;
}

export interface Reaction {
  emoji: string;
  count: number;
  user_ids: string[];
}

export interface ThreadSummary {
  reply_count: number;
  last_reply_at: string;
  participant_ids: string[];
}

export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  type: MessageType;
  content: string | null;
  attachments: Attachment[];
  reply_to: string | null;
  mentions?: string[];
  client_message_id?: string | null;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  reactions: Reaction[];
  /** v2 */
  thread_id?: string | null;
  /** v2 */
  thread?: ThreadSummary | null;
  /** v2 */
  pinned_at?: string | null;
  /** v2 */
  pinned_by?: string | null;
}

export type Role = 'admin' | 'member';

export interface Participant {
  user_id: string;
  role: Role;
  joined_at: string;
  last_read_seq: number;
  /** v2 */
  last_delivered_seq?: number;
  username?: string;
  display_name?: string;
  avatar_url?: string | null;
}

export interface Conversation {
  id: string;
  type: 'direct' | 'group';
  name: string | null;
  avatar_url: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  participants: Participant[];
  last_seq: number;
  last_message: Message | null;
  unread_count: number;
  muted_until: string | null;
}

export interface SendOptions {
  type?: MessageType;
  attachments?: Attachment[];
  reply_to?: string;
  mentions?: string[];
  /** v2 */
  thread_id?: string;
  /** Set to make a retried send idempotent; the SDK generates one when absent. */
  client_message_id?: string;
}

/** Body of POST /api/messages. Exactly one of conversation_id / recipient_id. */
export interface SendBody {
  conversation_id?: string;
  recipient_id?: string;
  content: string;
  type?: MessageType;
  client_message_id?: string;
  reply_to?: string;
  attachments?: Attachment[];
  mentions?: string[];
  thread_id?: string;
}

export interface ReadReceipt {
  conversation_id: string;
  user_id: string;
  last_read_seq: number;
  unread_count: number;
}

export interface DeliveredReceipt {
  conversation_id: string;
  user_id: string;
  last_delivered_seq: number;
}

export interface Unread {
  total: number;
  conversations: Record<string, number>;
}

export interface PresenceInfo {
  user_id: string;
  status: 'online' | 'offline';
  last_seen: string | null;
}

export interface ConversationPage {
  conversations: Conversation[];
  next_cursor: string | null;
}

export interface MessagePage {
  messages: Message[];
  has_more: boolean;
}

export interface ThreadPage extends MessagePage {
  root: Message;
}

// ---- server -> client frames ----

export interface ConnectedFrame { type: 'connected'; user_id: string; session_id: string; heartbeat_interval_ms: number; server_time: string }
export interface AckFrame { type: 'ack'; ref?: string | number | null; message?: Message; result?: unknown }
export interface ErrorFrame { type: 'error'; ref?: string | number | null; code: string; message: string }
export interface MessageNewFrame { type: 'message.new'; message: Message }
export interface MessageUpdatedFrame { type: 'message.updated'; message: Message }
export interface MessageDeletedFrame { type: 'message.deleted'; message: Message }
export interface MessageReadFrame { type: 'message.read'; conversation_id: string; user_id: string; last_read_seq: number }
export interface MessageDeliveredFrame { type: 'message.delivered'; conversation_id: string; user_id: string; last_delivered_seq: number }
export interface TypingFrame { type: 'typing'; conversation_id: string; user_id: string; state: 'start' | 'stop' }
export interface PresenceFrame { type: 'presence'; user_id: string; status: 'online' | 'offline'; last_seen: string | null }
export interface ConversationUpdatedFrame { type: 'conversation.updated'; conversation: Conversation }
export interface SyncStateFrame { type: 'sync.state'; conversations: { id: string; last_seq: number; unread_count: number }[] }
export interface SyncDoneFrame { type: 'sync.done'; ref?: string | number | null; has_more: boolean }
export interface PongFrame { type: 'pong'; ref?: string | number | null }
export interface AuthExpiringFrame { type: 'auth.expiring'; expires_at: string }

export type ServerFrame =
  | ConnectedFrame | AckFrame | ErrorFrame | MessageNewFrame | MessageUpdatedFrame | MessageDeletedFrame
  | MessageReadFrame | MessageDeliveredFrame | TypingFrame | PresenceFrame | ConversationUpdatedFrame
  | SyncStateFrame | SyncDoneFrame | PongFrame | AuthExpiringFrame;

// ---- client -> server frames ----

export type ClientFrame =
  | ({ type: 'message.send'; ref: string; message_type?: MessageType } & Omit<SendBody, 'type'>)
  | { type: 'typing'; conversation_id: string; state: 'start' | 'stop'; ref?: string }
  | { type: 'read'; conversation_id: string; seq: number; ref?: string }
  | { type: 'delivered'; conversation_id: string; seq: number; ref?: string }
  | { type: 'presence.subscribe'; user_ids: string[]; ref?: string }
  | { type: 'sync'; conversations?: Record<string, number>; ref?: string }
  | { type: 'auth.refresh'; token: string; ref: string }
  | { type: 'ping'; ref?: string };

/** WebSocket close codes of the contract. */
export const CloseCodes = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  POLICY_VIOLATION: 1008,
  TOO_BIG: 1009,
  SERVER_ERROR: 1011,
  DISCONNECTED: 4000,
  TOKEN_EXPIRED: 4001,
  BANNED: 4003,
  TOO_MANY_CONNECTIONS: 4008,
} as const;

/** Largest frame the server accepts (a larger one closes the socket with 1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
