// A small chat page on the Pulse SDK: sign in, conversations with unread badges, history, send, typing,
// presence, read and delivered ticks, edit / delete / react. Plain DOM, no framework.

import { newClientMessageId, PulseClient, PulseApiError, type Conversation, type ConnectionState, type Message } from '@pulse/sdk';
import { DEV_SECRET, isLocal, mintDevToken, subjectOf } from './devToken';
import './style.css';

interface Marks {
  read: Map<string, number>;
  delivered: Map<string, number>;
}

const app = document.getElementById('app')!;
const params = new URLSearchParams(location.search);

let client: PulseClient;
let me = '';
let current: string | undefined;
let connection: ConnectionState = 'idle';
const conversations = new Map<string, Conversation>();
const messages = new Map<string, Map<number, Message>>();
const pending = new Map<string, { conversationId: string; content: string }>(); // client_message_id → text
const marks = new Map<string, Marks>(); // conversation → other participants' watermarks
const typing = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
const presence = new Map<string, string>();
/** Every message the SDK delivered, in order (the end-to-end test checks it for duplicates). */
const delivered: { conversation_id: string; seq: number; content: string | null }[] = [];
/** Every socket close and what the SDK did about it. */
const closes: { code: number; action: string; reason: string; delayMs?: number }[] = [];

// ------------------------------------------------------------------ sign-in

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function showLogin(error?: string): void {
  app.replaceChildren();
  const box = el('div', { class: 'login' }, el('h1', {}, 'Pulse chat demo'));
  if (error) box.append(el('p', { class: 'error' }, error));
  if (isLocal()) {
    const user = el('input', { placeholder: 'user id (e.g. alice)', 'data-testid': 'dev-user' });
    const secret = el('input', { value: DEV_SECRET, title: 'JWT_SECRET of the local run' });
    const go = el('button', { 'data-testid': 'dev-login' }, 'Sign in with a dev token');
    go.onclick = () => user.value.trim() && void signIn(devProvider(user.value.trim(), secret.value));
    user.onkeydown = (event) => event.key === 'Enter' && go.click();
    box.append(el('h2', {}, 'Local run: mint a dev token'), user, secret, go, el('p', { class: 'hint' }, 'Dev only: signs a 15-minute HS256 token in this browser with the development secret.'));
  }
  const pasted = el('textarea', { placeholder: 'paste a JWT', rows: '4' });
  const use = el('button', {}, 'Sign in with this token');
  use.onclick = () => {
    const token = pasted.value.trim();
    if (token) void signIn(async () => token);
  };
  box.append(el('h2', {}, 'Or paste a token'), pasted, use);
  app.append(box);
}

function devProvider(userId: string, secret = DEV_SECRET): () => Promise<string> {
  return () => mintDevToken(userId, secret);
}

async function signIn(provider: () => Promise<string>): Promise<void> {
  const token = await provider();
  me = subjectOf(token) ?? '?';
  let first: string | undefined = token;
  client = new PulseClient({
    baseUrl: location.origin,
    token: async () => {
      const t = first ?? (await provider()); // a fresh token each time the SDK asks after the first
      first = undefined;
      return t;
    },
  });
  let page;
  try {
    page = await client.rest.listConversations({ limit: 50 });
  } catch (e) {
    showLogin(e instanceof PulseApiError ? `${e.code}: ${e.message}` : String(e));
    return;
  }
  for (const c of page.conversations) addConversation(c);
  wire();
  client.connect();
  (window as unknown as { pulse: unknown }).pulse = { client, delivered, closes, me };
  renderShell();
}

// ------------------------------------------------------------------ model

function addConversation(c: Conversation): void {
  conversations.set(c.id, c);
  client.track(c.id, c.last_seq); // history is loaded on open; the SDK delivers what comes after
  const m = marksOf(c.id);
  for (const p of c.participants) {
    if (p.user_id === me) continue;
    m.read.set(p.user_id, Math.max(m.read.get(p.user_id) ?? 0, p.last_read_seq));
    m.delivered.set(p.user_id, Math.max(m.delivered.get(p.user_id) ?? 0, p.last_delivered_seq ?? 0, p.last_read_seq));
  }
  client.subscribePresence(c.participants.map((p) => p.user_id).filter((id) => id !== me));
}

function marksOf(id: string): Marks {
  let m = marks.get(id);
  if (!m) marks.set(id, (m = { read: new Map(), delivered: new Map() }));
  return m;
}

function messagesOf(id: string): Map<number, Message> {
  let m = messages.get(id);
  if (!m) messages.set(id, (m = new Map()));
  return m;
}

function title(c: Conversation): string {
  if (c.type === 'group') return c.name ?? 'group';
  const other = c.participants.find((p) => p.user_id !== me);
  return other ? other.display_name ?? other.username ?? other.user_id : 'me';
}

function peer(c: Conversation): string | undefined {
  return c.type === 'direct' ? c.participants.find((p) => p.user_id !== me)?.user_id : undefined;
}

function wire(): void {
  client.on('message', (m) => {
    delivered.push({ conversation_id: m.conversation_id, seq: m.seq, content: m.content });
    messagesOf(m.conversation_id).set(m.seq, m);
    if (m.client_message_id) pending.delete(m.client_message_id);
    const c = conversations.get(m.conversation_id);
    if (!c) {
      void client.rest.getConversation(m.conversation_id).then((fresh) => {
        addConversation(fresh);
        renderList();
      });
      return;
    }
    c.last_seq = Math.max(c.last_seq, m.seq);
    c.last_message = m;
    c.updated_at = m.created_at;
    if (m.sender_id !== me) {
      clearTyping(m.conversation_id, m.sender_id);
      if (m.conversation_id === current && document.visibilityState === 'visible') client.markRead(m.conversation_id, m.seq);
      else c.unread_count += 1;
    }
    renderList();
    if (m.conversation_id === current) renderMessages();
  });
  client.on('messageUpdated', (m) => {
    const list = messagesOf(m.conversation_id);
    if (list.has(m.seq)) list.set(m.seq, m);
    if (m.conversation_id === current) renderMessages();
  });
  client.on('read', (r) => {
    const m = marksOf(r.conversation_id);
    m.read.set(r.user_id, Math.max(m.read.get(r.user_id) ?? 0, r.last_read_seq));
    m.delivered.set(r.user_id, Math.max(m.delivered.get(r.user_id) ?? 0, r.last_read_seq)); // read implies delivered
    if (r.conversation_id === current) renderMessages();
  });
  client.on('delivered', (d) => {
    const m = marksOf(d.conversation_id);
    m.delivered.set(d.user_id, Math.max(m.delivered.get(d.user_id) ?? 0, d.last_delivered_seq));
    if (d.conversation_id === current) renderMessages();
  });
  client.on('typing', (t) => {
    if (t.state === 'stop') clearTyping(t.conversation_id, t.user_id);
    else {
      let users = typing.get(t.conversation_id);
      if (!users) typing.set(t.conversation_id, (users = new Map()));
      clearTimeout(users.get(t.user_id));
      users.set(t.user_id, setTimeout(() => clearTyping(t.conversation_id, t.user_id), 7000));
    }
    renderTyping();
  });
  client.on('presence', (p) => {
    presence.set(p.user_id, p.status);
    renderList();
    renderHeader();
  });
  client.on('conversation', (c) => {
    addConversation(c);
    renderList();
  });
  client.on('state', (s) => {
    connection = s;
    renderStatus();
  });
  client.on('disconnected', (d) => {
    closes.push(d);
    console.info(`socket closed (${d.code}, ${d.reason}): ${d.action}${d.delayMs !== undefined ? ` in ${d.delayMs} ms` : ''}`);
  });
  client.on('fatal', ({ reason }) => banner(`Disconnected for good: ${reason}`));
  client.on('tokenRefreshFailed', (e) => console.info('auth.refresh refused (server without v2 token renewal?):', e.code));
}

function clearTyping(conversationId: string, userId: string): void {
  const users = typing.get(conversationId);
  if (!users?.has(userId)) return;
  clearTimeout(users.get(userId));
  users.delete(userId);
  renderTyping();
}

// ------------------------------------------------------------------ views

let listEl: HTMLElement;
let headerEl: HTMLElement;
let messagesEl: HTMLElement;
let typingEl: HTMLElement;
let statusEl: HTMLElement;
let composer: HTMLInputElement;
let bannerEl: HTMLElement;

function renderShell(): void {
  statusEl = el('span', { class: 'status', 'data-testid': 'conn-state' });
  bannerEl = el('div', { class: 'banner', hidden: '' });
  listEl = el('ul', { class: 'conversations', 'data-testid': 'conversations' });
  const newUser = el('input', { placeholder: 'user id', 'data-testid': 'new-direct-user' });
  const open = el('button', { 'data-testid': 'new-direct' }, 'Chat');
  open.onclick = () => void guard(async () => {
    const c = await client.rest.openDirect(newUser.value.trim());
    addConversation(c);
    newUser.value = '';
    await openConversation(c.id);
  });
  const groupName = el('input', { placeholder: 'group name' });
  const groupUsers = el('input', { placeholder: 'members: bob, carol' });
  const makeGroup = el('button', {}, 'New group');
  makeGroup.onclick = () => void guard(async () => {
    const ids = groupUsers.value.split(',').map((s) => s.trim()).filter(Boolean);
    const c = await client.rest.createGroup({ name: groupName.value.trim(), participant_ids: ids });
    addConversation(c);
    await openConversation(c.id);
  });
  const side = el('aside', {},
    el('header', {}, el('strong', { 'data-testid': 'me' }, me), statusEl),
    listEl,
    el('div', { class: 'new' }, newUser, open),
    el('div', { class: 'new' }, groupName, groupUsers, makeGroup));
  headerEl = el('header', { class: 'chat-header' });
  messagesEl = el('ol', { class: 'messages', 'data-testid': 'messages' });
  typingEl = el('div', { class: 'typing', 'data-testid': 'typing' });
  composer = el('input', { placeholder: 'Write a message', 'data-testid': 'composer', disabled: '' });
  const send = el('button', { 'data-testid': 'send' }, 'Send');
  const form = el('form', { class: 'composer' }, composer, send);
  composer.oninput = () => current && composer.value && client.typing(current);
  form.onsubmit = (event) => {
    event.preventDefault();
    const text = composer.value.trim();
    if (!current || !text) return;
    composer.value = '';
    const conversationId = current;
    // shown as pending until its ack arrives; the SDK resends it (same client_message_id) after a reconnect
    const id = newClientMessageId();
    const sending = client.send(conversationId, text, { client_message_id: id });
    pending.set(id, { conversationId, content: text });
    renderMessages();
    sending.then((m) => {
      pending.delete(id);
      messagesOf(m.conversation_id).set(m.seq, m);
      if (m.conversation_id === current) renderMessages();
    }, (e) => {
      pending.delete(id);
      banner(`Not sent: ${e instanceof PulseApiError ? e.code : e}`);
      renderMessages();
    });
  };
  const main = el('main', {}, headerEl, messagesEl, typingEl, form);
  app.replaceChildren(bannerEl, el('div', { class: 'layout' }, side, main));
  renderStatus();
  renderList();
  renderHeader();
}

function renderStatus(): void {
  if (!statusEl) return;
  statusEl.textContent = connection;
  statusEl.dataset.state = connection;
}

function renderList(): void {
  if (!listEl) return;
  const sorted = [...conversations.values()].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  listEl.replaceChildren(...sorted.map((c) => {
    const other = peer(c);
    const item = el('li', { 'data-testid': 'conv', 'data-conv-id': c.id, ...(other ? { 'data-peer': other } : {}) });
    if (c.id === current) item.classList.add('active');
    if (other) item.append(el('span', { class: `dot ${presence.get(other) ?? 'offline'}` }));
    item.append(el('span', { class: 'name' }, title(c)));
    if (c.last_message) item.append(el('span', { class: 'preview' }, c.last_message.deleted ? 'deleted' : c.last_message.content ?? ''));
    if (c.unread_count > 0) item.append(el('span', { class: 'badge', 'data-testid': 'unread' }, String(c.unread_count)));
    item.onclick = () => void guard(() => openConversation(c.id));
    return item;
  }));
}

function renderHeader(): void {
  if (!headerEl) return;
  const c = current ? conversations.get(current) : undefined;
  if (!c) {
    headerEl.replaceChildren(el('span', { class: 'hint' }, 'Pick a conversation'));
    return;
  }
  const other = peer(c);
  const status = other ? presence.get(other) ?? 'offline' : `${c.participants.length} members`;
  headerEl.replaceChildren(el('strong', {}, title(c)), el('span', { class: `presence ${status}`, 'data-testid': 'presence', 'data-status': status }, status));
}

function renderTyping(): void {
  if (!typingEl) return;
  const users = current ? [...(typing.get(current)?.keys() ?? [])] : [];
  typingEl.textContent = users.length ? `${users.join(', ')} ${users.length > 1 ? 'are' : 'is'} typing…` : '';
}

/** sent ✓, delivered ✓✓, read ✓✓ (blue): against every other participant's watermark. */
function tickOf(conversationId: string, seq: number): 'sent' | 'delivered' | 'read' {
  const c = conversations.get(conversationId);
  const others = c?.participants.filter((p) => p.user_id !== me).map((p) => p.user_id) ?? [];
  const m = marksOf(conversationId);
  if (others.length && others.every((u) => (m.read.get(u) ?? 0) >= seq)) return 'read';
  if (others.length && others.every((u) => (m.delivered.get(u) ?? 0) >= seq)) return 'delivered';
  return 'sent';
}

function renderMessages(): void {
  if (!messagesEl || !current) return;
  const conversationId = current;
  const list = [...messagesOf(conversationId).values()].sort((a, b) => a.seq - b.seq);
  const items = list.map((m) => {
    const mine = m.sender_id === me;
    const li = el('li', { 'data-testid': 'msg', 'data-seq': String(m.seq), 'data-sender': m.sender_id, class: mine ? 'mine' : 'theirs' });
    li.append(el('span', { class: 'text' }, m.deleted ? 'message deleted' : m.content ?? ''));
    if (m.deleted) li.classList.add('deleted');
    if (m.edited_at && !m.deleted) li.append(el('span', { class: 'edited' }, '(edited)'));
    for (const r of m.reactions) {
      const chip = el('span', { class: 'reaction', title: r.user_ids.join(', ') }, `${r.emoji} ${r.count}`);
      if (r.user_ids.includes(me)) chip.classList.add('own');
      li.append(chip);
    }
    const tools = el('span', { class: 'tools' });
    if (!m.deleted) {
      const liked = m.reactions.some((r) => r.emoji === '👍' && r.user_ids.includes(me));
      const react = el('button', { title: 'react', 'data-testid': 'react' }, '👍');
      react.onclick = () => void guard(async () => updated(await (liked ? client.rest.unreact(m.id, '👍') : client.rest.react(m.id, '👍'))));
      tools.append(react);
    }
    if (mine && !m.deleted) {
      const edit = el('button', { title: 'edit', 'data-testid': 'edit' }, '✎');
      edit.onclick = () => {
        const text = prompt('Edit message', m.content ?? '');
        if (text && text.trim()) void guard(async () => updated(await client.rest.edit(m.id, text.trim())));
      };
      const del = el('button', { title: 'delete', 'data-testid': 'delete' }, '🗑');
      del.onclick = () => void guard(async () => updated(await client.rest.delete(m.id)));
      tools.append(edit, del);
    }
    li.append(tools);
    if (mine) {
      const tick = tickOf(conversationId, m.seq);
      li.append(el('span', { class: `tick ${tick}`, 'data-testid': 'tick', 'data-state': tick }, tick === 'sent' ? '✓' : '✓✓'));
    }
    return li;
  });
  for (const p of pending.values()) {
    if (p.conversationId !== conversationId) continue;
    items.push(el('li', { 'data-testid': 'msg-pending', class: 'mine pending' }, el('span', { class: 'text' }, p.content), el('span', { class: 'tick', 'data-state': 'pending' }, '🕓')));
  }
  const atBottom = messagesEl.scrollTop + messagesEl.clientHeight >= messagesEl.scrollHeight - 40;
  messagesEl.replaceChildren(...items);
  if (atBottom) messagesEl.scrollTop = messagesEl.scrollHeight;
}

function updated(m: Message): void {
  messagesOf(m.conversation_id).set(m.seq, m);
  renderMessages();
}

async function openConversation(id: string): Promise<void> {
  current = id;
  composer.disabled = false;
  composer.focus();
  renderHeader();
  renderList();
  renderTyping();
  renderMessages();
  const page = await client.rest.history(id, { limit: 50 });
  const list = messagesOf(id);
  for (const m of page.messages) if (!list.has(m.seq) || m.edited_at || m.deleted) list.set(m.seq, m);
  const last = Math.max(0, ...list.keys());
  client.track(id, last);
  const c = conversations.get(id);
  if (c) {
    c.unread_count = 0;
    if (last > 0) client.markRead(id, last);
  }
  renderList();
  renderMessages();
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

function banner(text: string): void {
  bannerEl.textContent = text;
  bannerEl.hidden = false;
  setTimeout(() => (bannerEl.hidden = true), 6000);
}

async function guard(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    banner(e instanceof PulseApiError ? `${e.code}: ${e.message}` : String(e));
  }
}

// ------------------------------------------------------------------ start

const devUser = params.get('user');
if (devUser && isLocal()) void signIn(devProvider(devUser));
else showLogin();
