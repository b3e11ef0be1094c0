// The chat page: joins /chat/{room}?nick=..., speaks the JSON protocol documented on ChatSocket,
// and reconnects with exponential backoff when the connection drops.
'use strict';

const NICK_MAX = 24;
const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30000;

const $ = (id) => document.getElementById(id);
const ui = {
	joinView: $('join-view'), chatView: $('chat-view'),
	joinForm: $('join-form'), nick: $('nick'), room: $('room'), joinError: $('join-error'),
	roomTitle: $('room-title'), online: $('online'), onlineCount: $('online-count'),
	status: $('status'), statusText: $('status-text'), statusDetail: $('status-detail'), retry: $('retry'), leave: $('leave'),
	messages: $('messages'), composer: $('composer'), text: $('text'), send: $('send'),
	members: $('members'), membersCount: $('members-count'), memberList: $('member-list'),
};

const chat = {
	nick: null,
	room: null,
	socket: null,
	attempts: 0,          // failed attempts since the last successful open
	everOpened: false,    // whether this session was ever welcomed, to say "reconnected"
	retryTimer: null,
	countdownTimer: null,
	unread: 0,
};

// ---- joining and leaving -------------------------------------------------------------------

function validNick(value) {
	const nick = value.trim();
	if (!nick) return 'Choose a nickname.';
	if ([...nick].length > NICK_MAX) return `A nickname is at most ${NICK_MAX} characters.`;
	if (/[\u0000-\u001f\u007f-\u009f]/.test(nick)) return 'A nickname cannot contain control characters.';
	return null;
}

function validRoom(value) {
	return ROOM_PATTERN.test(value.trim()) ? null : 'A room name is 1 to 32 letters, digits, "-" or "_".';
}

ui.joinForm.addEventListener('submit', (event) => {
	event.preventDefault();
	const problem = validNick(ui.nick.value) || validRoom(ui.room.value);
	ui.joinError.textContent = problem || '';
	if (problem) return;
	join(ui.nick.value.trim(), ui.room.value.trim());
});

function join(nick, room) {
	chat.nick = nick;
	chat.room = room;
	chat.attempts = 0;
	chat.everOpened = false;
	localStorage.setItem('aerys-chat.nick', nick);
	history.replaceState(null, '', '#' + encodeURIComponent(room));
	ui.messages.replaceChildren();
	renderMembers([]);
	ui.roomTitle.textContent = '#' + room;
	document.title = `#${room} · Aerys chat`;
	showChat(true);
	connect();
}

function leave() {
	const socket = chat.socket;
	chat.socket = null;
	chat.room = null;
	cancelRetry();
	if (socket) socket.close(1000, 'left');
	setStatus('idle', 'Not connected');
	showChat(false);
	document.title = 'Aerys chat';
	ui.nick.focus();
}

ui.leave.addEventListener('click', leave);

function showChat(inRoom) {
	ui.joinView.hidden = inRoom;
	ui.chatView.hidden = !inRoom;
	ui.roomTitle.hidden = !inRoom;
	ui.online.hidden = !inRoom;
	ui.leave.hidden = !inRoom;
	if (!inRoom) {
		ui.retry.hidden = true;
		toggleMembers(false);
	}
}

// ---- the connection ------------------------------------------------------------------------

function socketUrl(room, nick) {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}/chat/${encodeURIComponent(room)}?nick=${encodeURIComponent(nick)}`;
}

function connect() {
	cancelRetry();
	setStatus('connecting', chat.attempts ? 'Reconnecting…' : 'Connecting…');
	const socket = new WebSocket(socketUrl(chat.room, chat.nick));
	chat.socket = socket;
	let opened = false;

	socket.addEventListener('open', () => {
		if (chat.socket !== socket) return;
		opened = true;
		chat.attempts = 0;
		setStatus('online', 'Connected');
		setComposerEnabled(true);
	});

	socket.addEventListener('message', (event) => {
		if (chat.socket !== socket) return;
		let message;
		try {
			message = JSON.parse(event.data);
		}
		catch (ex) {
			console.warn('Not JSON:', event.data);
			return;
		}
		receive(message);
	});

	socket.addEventListener('close', (event) => {
		if (chat.socket !== socket) return; // left, or replaced by a newer socket
		chat.socket = null;
		setComposerEnabled(false);
		if (opened) {
			addNotice(closeExplanation(event), 'warning');
		}
		scheduleReconnect(opened);
	});
}

function closeExplanation(event) {
	switch (event.code) {
		case 1001: return 'The server went away. Reconnecting…';
		case 1007: return 'The server did not understand a message. Reconnecting…';
		case 1008: return `The server closed the connection${event.reason ? ': ' + event.reason : ''}. Reconnecting…`;
		case 1009: return 'That message was too large. Reconnecting…';
		default: return 'Connection lost. Reconnecting…';
	}
}

/** Exponential backoff with jitter: about 1s, 2s, 4s ... up to 30s between attempts. */
function scheduleReconnect(wasOpen) {
	const attempt = chat.attempts++;
	const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
	const delay = wasOpen && attempt === 0 ? 250 : Math.round(ceiling / 2 + Math.random() * ceiling / 2);
	const due = Date.now() + delay;
	const tick = () => {
		const seconds = Math.max(0, Math.ceil((due - Date.now()) / 1000));
		const what = chat.everOpened ? 'Offline' : 'Cannot reach the chat';
		if (seconds > 0) setStatus('reconnecting', what, `, retrying in ${seconds}s`);
		else setStatus('reconnecting', 'Reconnecting…');
	};
	tick();
	ui.retry.hidden = false;
	chat.countdownTimer = setInterval(tick, 1000);
	chat.retryTimer = setTimeout(connect, delay);
}

function cancelRetry() {
	clearTimeout(chat.retryTimer);
	clearInterval(chat.countdownTimer);
	chat.retryTimer = chat.countdownTimer = null;
	ui.retry.hidden = true;
}

ui.retry.addEventListener('click', () => {
	if (chat.room && !chat.socket) connect();
});

// The browser knows when the network is back: do not wait for the backoff.
window.addEventListener('online', () => {
	if (chat.room && !chat.socket) connect();
});

/** The detail is left out on a narrow screen. */
function setStatus(state, text, detail = '') {
	ui.status.dataset.state = state;
	ui.statusText.textContent = text;
	ui.statusDetail.textContent = detail;
}

function setComposerEnabled(enabled) {
	ui.text.disabled = !enabled;
	ui.send.disabled = !enabled;
	if (enabled && window.matchMedia('(min-width: 720px)').matches) ui.text.focus();
}

// ---- the protocol --------------------------------------------------------------------------

function receive(message) {
	switch (message.type) {
		case 'welcome':
			chat.nick = message.nick;
			addNotice(chat.everOpened ? 'Reconnected.' : `Welcome to #${message.room}, ${message.nick}!`, 'info', message.at);
			chat.everOpened = true;
			renderMembers(message.members);
			break;
		case 'joined':
			addNotice(`${message.nick} joined`, 'join', message.at);
			renderMembers(message.members);
			break;
		case 'left':
			addNotice(`${message.nick} left`, 'leave', message.at);
			renderMembers(message.members);
			break;
		case 'message':
			addMessage(message);
			break;
		case 'error':
			addNotice(message.reason, 'error');
			break;
		case 'notice':
			addNotice(message.text, 'warning');
			break;
		default:
			console.warn('Unknown message', message);
	}
}

ui.composer.addEventListener('submit', (event) => {
	event.preventDefault();
	const text = ui.text.value.trim();
	if (!text || !chat.socket || chat.socket.readyState !== WebSocket.OPEN) return;
	chat.socket.send(JSON.stringify({ text }));
	ui.text.value = '';
});

// ---- rendering -----------------------------------------------------------------------------

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function time(at) {
	const date = at ? new Date(at) : new Date();
	const element = document.createElement('time');
	element.dateTime = date.toISOString();
	element.textContent = timeFormat.format(date);
	return element;
}

function append(item) {
	const list = ui.messages;
	const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
	list.append(item);
	if (nearBottom || item.classList.contains('mine')) list.scrollTop = list.scrollHeight;
	if (document.hidden) {
		chat.unread++;
		document.title = `(${chat.unread}) #${chat.room} · Aerys chat`;
	}
}

function addMessage({ nick, text, at }) {
	const item = document.createElement('li');
	item.className = 'message' + (nick === chat.nick ? ' mine' : '');
	const meta = document.createElement('div');
	meta.className = 'meta';
	const author = document.createElement('span');
	author.className = 'author';
	author.textContent = nick;
	author.style.setProperty('--hue', hue(nick));
	meta.append(author, time(at));
	const body = document.createElement('p');
	body.className = 'text';
	body.textContent = text;
	item.append(meta, body);
	append(item);
}

function addNotice(text, kind, at) {
	const item = document.createElement('li');
	item.className = `notice notice-${kind}`;
	const body = document.createElement('span');
	body.textContent = text;
	item.append(body, time(at));
	append(item);
}

function renderMembers(members) {
	ui.onlineCount.textContent = members.length;
	ui.membersCount.textContent = members.length;
	ui.memberList.replaceChildren(...members.map((nick) => {
		const item = document.createElement('li');
		const avatar = document.createElement('span');
		avatar.className = 'avatar';
		avatar.textContent = [...nick][0].toUpperCase();
		avatar.style.setProperty('--hue', hue(nick));
		const name = document.createElement('span');
		name.textContent = nick;
		item.append(avatar, name);
		if (nick === chat.nick) {
			const you = document.createElement('span');
			you.className = 'you';
			you.textContent = 'you';
			item.append(you);
		}
		return item;
	}));
}

/** A stable colour per nickname. */
function hue(nick) {
	let hash = 0;
	for (const ch of nick) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
	return String(hash % 360);
}

// On a narrow screen the member list is a panel opened from the "N online" button.
function toggleMembers(open) {
	const show = open ?? !ui.members.classList.contains('open');
	ui.members.classList.toggle('open', show);
	ui.online.setAttribute('aria-expanded', String(show));
}

ui.online.addEventListener('click', () => toggleMembers());
ui.messages.addEventListener('click', () => toggleMembers(false));

document.addEventListener('visibilitychange', () => {
	if (!document.hidden && chat.room) {
		chat.unread = 0;
		document.title = `#${chat.room} · Aerys chat`;
	}
});

// ---- start ---------------------------------------------------------------------------------

(function start() {
	ui.nick.value = localStorage.getItem('aerys-chat.nick') || '';
	const room = decodeURIComponent(location.hash.slice(1));
	if (room && !validRoom(room)) ui.room.value = room;
	(ui.nick.value ? ui.room : ui.nick).focus();
})();
