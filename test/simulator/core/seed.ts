import { decimalDigits } from './ids';
import type { MessageDraft, SimKind, SimStatus, Store } from './store';

/**
 * Seeded, deterministic history: the same options give the same conversations, message kinds, texts,
 * directions, statuses and times on every run.
 *
 * Message slots are interleaved across conversations one `stepSeconds` apart, so every timestamp in the
 * store is distinct; conversation 0 holds the newest message, and every conversation ends with an inbound
 * text (its 24-hour window is open when the simulated clock starts).
 */

export interface SeedOptions {
	/** PRNG seed. */
	seed: number;
	chats: number;
	messagesPerChat: number;
	/** Epoch ms of the newest seeded message. */
	endAt: number;
	stepSeconds: number;
}

export const DEFAULT_SEED: SeedOptions = {
	seed: 1,
	chats: 6,
	messagesPerChat: 240,
	endAt: Date.UTC(2026, 2, 17, 14, 20, 0),
	stepSeconds: 60,
};

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const NAMES = [
	'Dana Levi',
	'Rahul Sharma',
	'Asha Patel',
	'Noa Cohen',
	'John Doe',
	'Maya Katz',
	'Omar Haddad',
	'Lea Martin',
	null,
];

const INBOUND_TEXTS = [
	'Hi, is my order shipped?',
	'Can I change the delivery address?',
	'Thanks, that helps!',
	'What are your opening hours?',
	'The parcel arrived damaged.',
	'Do you have this in blue?',
	'Can I pay on delivery?',
	'Is the discount still valid?',
];

const OUTBOUND_TEXTS = [
	'Hello! How can I help?',
	'Your order is on its way.',
	'Could you send your order number?',
	'We open at 9:00 every weekday.',
	'Sorry about that, a replacement is on its way.',
	'Yes, it is in stock.',
	'Here is your invoice.',
];

const PLACES = [
	{ latitude: 32.0853, longitude: 34.7818, name: 'Tel Aviv Port', address: 'Hangar 11, Tel Aviv' },
	{
		latitude: 25.2048,
		longitude: 55.2708,
		name: 'Dubai Mall',
		address: 'Financial Centre Rd, Dubai',
	},
	{
		latitude: 19.076,
		longitude: 72.8777,
		name: 'Gateway of India',
		address: 'Apollo Bandar, Mumbai',
	},
];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

/** Kinds in roughly the mix a support inbox sees: mostly text, some media, voice notes and locations. */
function pickKind(random: () => number): SimKind {
	const r = random();
	if (r < 0.7) return 'text';
	if (r < 0.78) return 'image';
	if (r < 0.86) return 'voice';
	if (r < 0.93) return 'document';
	return 'location';
}

function draftFor(
	kind: SimKind,
	inbound: boolean,
	seq: number,
	random: () => number,
): MessageDraft {
	const direction = inbound ? 'inbound' : 'outbound';
	const base = { direction, kind, text: null, media: null, location: null } as const;
	switch (kind) {
		case 'image':
			return {
				...base,
				text:
					random() < 0.6
						? pick(random, ['Photo of the parcel', 'Is this the one?', 'Our new collection'])
						: null,
				media: {
					url: `https://media.example.com/sim/${seq}.jpg`,
					mimeType: 'image/jpeg',
					fileName: null,
				},
			};
		case 'voice':
			return {
				...base,
				media: {
					url: `https://media.example.com/sim/${seq}.ogg`,
					mimeType: 'audio/ogg; codecs=opus',
					fileName: null,
				},
			};
		case 'document':
			return {
				...base,
				text: random() < 0.5 ? 'Here is the document' : null,
				media: {
					url: `https://media.example.com/sim/invoice-${seq}.pdf`,
					mimeType: 'application/pdf',
					fileName: `invoice-${seq}.pdf`,
				},
			};
		case 'location':
			return { ...base, location: pick(random, PLACES) };
		default:
			return { ...base, text: pick(random, inbound ? INBOUND_TEXTS : OUTBOUND_TEXTS) };
	}
}

/** Older outbound messages were read (voice notes played); the newest ones are still on their way; a few failed. */
function seededStatus(kind: SimKind, fromEnd: number, random: () => number): SimStatus {
	if (random() < 0.03) return 'failed';
	if (fromEnd < 2) return 'delivered';
	if (fromEnd < 4) return random() < 0.5 ? 'sent' : 'read';
	return kind === 'voice' ? 'played' : 'read';
}

/** A contact's number: digits, international, no '+' (the same numbers for every provider of one seed). */
export function seededPhone(seed: number, index: number): string {
	return `97250${decimalDigits(7, 'phone', seed, index)}`;
}

export function seedStore(store: Store, options: SeedOptions): void {
	const { chats, messagesPerChat } = options;
	if (
		!Number.isInteger(chats) ||
		chats < 1 ||
		!Number.isInteger(messagesPerChat) ||
		messagesPerChat < 1
	) {
		throw new Error(
			`Simulator seed needs at least 1 chat and 1 message per chat (got ${chats} × ${messagesPerChat})`,
		);
	}
	const random = prng(options.seed);
	const conversations = Array.from({ length: chats }, (_, index) =>
		store.addConversation({
			phone: seededPhone(options.seed, index),
			name: NAMES[index % NAMES.length],
		}),
	);
	const total = chats * messagesPerChat;
	for (let slot = 0; slot < total; slot++) {
		const conversation = conversations[chats - 1 - (slot % chats)];
		const position = Math.floor(slot / chats);
		const last = position === messagesPerChat - 1;
		const inbound = last || random() < 0.5;
		const kind = last ? 'text' : pickKind(random);
		const draft = draftFor(kind, inbound, store.timeline.length, random);
		if (!inbound) draft.status = seededStatus(kind, messagesPerChat - 1 - position, random);
		if (draft.status === 'failed') draft.error = { code: 131026, title: 'Message undeliverable' };
		store.add(conversation, draft, {
			at: options.endAt - (total - 1 - slot) * options.stepSeconds * 1000,
			seeded: true,
		});
	}
}
