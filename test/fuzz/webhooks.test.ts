import { createHmac } from 'node:crypto';

import { BridgeError } from '../../bridge/errors';
import { getProvider } from '../../bridge/providers';
import { emptyMemory } from '../../bridge/webhooks/dedupe';
import { receiveDelivery, type TriggerSettings } from '../../bridge/webhooks/receive';
import type { ProviderConfig } from '../../bridge/model';
import type { WebhookRequest } from '../../bridge/webhooks/types';
import { triggerEventViolations } from '../contract';
import * as digital99 from '../fixtures/digital99-webhooks';
import * as inbox from '../fixtures/inbox-webhooks';
import * as noxivo from '../fixtures/noxivo-webhooks';
import * as vobiz from '../fixtures/vobiz-webhooks';
import type { ProviderId } from '../fixtures/providers';

/**
 * Seeded webhook fuzzing (issue 9): mutations of the real deliveries (test/fixtures/*-webhooks.ts) through
 * the path the Trigger takes (receiveDelivery: checks, the provider's parser, filters, memory). A delivery
 * may be refused (4xx) or read; it must never crash, and whatever it emits must keep docs/contract.md.
 */

const PAYLOADS_PER_PROVIDER = 10_000;
const SEED = 0x9e3779b9;

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INHERITED = [
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'prototype',
];
const WRONG_TIMES: Json[] = [
	'',
	'yesterday',
	'0',
	-1,
	0,
	1e15,
	8.64e15 + 1,
	99999999999999,
	253402300800,
	'2024-13-45T99:99:99Z',
	'2024-02-30',
	'1713345600.5',
	'NaN',
	1.5,
	'Tue, 32 Dec 2024 00:00:00 GMT',
	'+275760-09-13T00:00:00.000Z',
];
const ODD_STRINGS: Json[] = [
	'',
	' ',
	'OUTBOUND',
	'Inbound',
	'TRUE',
	'false',
	'null',
	'undefined',
	'0',
	'1',
	'-1',
	'FAIL',
	'READ',
	'message',
	'message.ack',
	'\u0000',
	'😀',
	'../../etc/passwd',
	'<script>',
	'a'.repeat(5000),
];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

function randomValue(random: () => number, depth = 0): Json {
	switch (Math.floor(random() * 12)) {
		case 0:
			return null;
		case 1:
			return random() < 0.5;
		case 2:
			return pick(random, [
				0,
				1,
				-1,
				2,
				3,
				4,
				7,
				1.5,
				2 ** 53,
				-(2 ** 53),
				1e308,
				1713345600,
				1713345600000,
			]);
		case 3:
			return pick(random, ODD_STRINGS);
		case 4:
			return pick(random, INHERITED);
		case 5:
			return pick(random, WRONG_TIMES);
		case 6:
			return depth < 4
				? Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1))
				: [];
		case 7:
			return depth < 4
				? {
						[pick(random, [...INHERITED, 'id', 'type', 'status', 'x'])]: randomValue(
							random,
							depth + 1,
						),
					}
				: {};
		case 8:
			return nested(random, 20 + Math.floor(random() * 80));
		case 9:
			return 'x'.repeat(random() < 0.02 ? 100_000 : 300);
		case 10:
			return String(Math.floor(random() * 1e12));
		default:
			return `r${Math.floor(random() * 1e6)}`;
	}
}

function nested(random: () => number, depth: number): Json {
	let value: Json = pick(random, ODD_STRINGS);
	for (let i = 0; i < depth; i++) value = random() < 0.5 ? [value] : { a: value };
	return value;
}

/** Every container and key in the tree, so a mutation can reach any level. */
function slots(root: Json): Array<{ parent: Json[] | Record<string, Json>; key: string | number }> {
	const out: Array<{ parent: Json[] | Record<string, Json>; key: string | number }> = [];
	const walk = (node: Json, depth: number) => {
		if (depth > 12 || node === null || typeof node !== 'object') return;
		if (Array.isArray(node))
			node.forEach((child, i) => {
				out.push({ parent: node, key: i });
				walk(child, depth + 1);
			});
		else
			for (const key of Object.keys(node)) {
				out.push({ parent: node, key });
				walk(node[key], depth + 1);
			}
	};
	walk(root, 0);
	return out;
}

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

function changeCase(random: () => number, text: string): string {
	const way = Math.floor(random() * 3);
	if (way === 0) return text.toUpperCase();
	if (way === 1) return text.toLowerCase();
	return [...text].map((c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** One mutation somewhere in the tree; `root` is a fresh copy, changed in place. */
function mutate(random: () => number, root: Json): Json {
	const all = slots(root);
	if (all.length === 0) return randomValue(random);
	const { parent, key } = pick(random, all);
	const get = () => (Array.isArray(parent) ? parent[key as number] : parent[key as string]);
	const set = (value: Json) =>
		Array.isArray(parent) ? (parent[key as number] = value) : setOwn(parent, key as string, value);
	const current = get();
	switch (Math.floor(random() * 10)) {
		case 0: // drop the field
			if (Array.isArray(parent)) parent.splice(key as number, 1);
			else delete parent[key as string];
			break;
		case 1: // swap its type
			set(randomValue(random));
			break;
		case 2: // an inherited name as a key next to it, or as its value
			if (!Array.isArray(parent)) setOwn(parent, pick(random, INHERITED), randomValue(random));
			else set(pick(random, INHERITED));
			break;
		case 3: // letter case
			if (typeof current === 'string') set(changeCase(random, current));
			else set(pick(random, ODD_STRINGS));
			break;
		case 4: // a wrong time
			set(pick(random, WRONG_TIMES));
			break;
		case 5: // empty or huge string
			set(random() < 0.5 ? '' : 'y'.repeat(random() < 0.05 ? 100_000 : 2000));
			break;
		case 6: // nested garbage
			set(nested(random, 1 + Math.floor(random() * 200)));
			break;
		case 7: {
			// a value from elsewhere in the same delivery
			const other = pick(random, all);
			const value = Array.isArray(other.parent)
				? other.parent[other.key as number]
				: other.parent[other.key as string];
			set(JSON.parse(JSON.stringify(value ?? null)) as Json);
			break;
		}
		case 8: // a scalar as a one-element array, or an array emptied
			set(Array.isArray(current) ? [] : [current]);
			break;
		default: // a number as a string and back
			set(
				typeof current === 'number'
					? String(current)
					: typeof current === 'string' && /^-?\d+$/.test(current)
						? Number(current)
						: randomValue(random),
			);
	}
	return root;
}

const PROVIDERS: Record<ProviderId, { fixtures: Record<string, unknown>; config: ProviderConfig }> =
	{
		noxivo: { fixtures: noxivo, config: {} as ProviderConfig },
		vobiz: {
			fixtures: vobiz,
			config: {
				authToken: 'vobiz-fuzz-token',
				webhookSecret: 'vobiz-fuzz-webhook-secret',
			} as ProviderConfig,
		},
		digital99: { fixtures: digital99, config: { from: '972501234567' } as ProviderConfig },
		inbox: { fixtures: inbox, config: {} as ProviderConfig },
	};

function requestFor(provider: ProviderId, text: string): WebhookRequest {
	const rawBody = Buffer.from(text, 'utf8');
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (provider === 'vobiz')
		headers['x-webhook-signature'] = createHmac('sha256', 'vobiz-fuzz-webhook-secret')
			.update(rawBody)
			.digest('hex');
	// With the raw bytes there, receiveDelivery reads the JSON itself (as for every real delivery).
	return { rawBody, parsedBody: undefined, headers, query: {}, sourceIp: '203.0.113.7' };
}

interface Tally {
	provider: string;
	payloads: number;
	accepted: number;
	rejected: number;
	ignored: number;
	items: number;
	crashes: number;
	violations: number;
	firstProblems: string[];
	ms: number;
}

function fuzz(provider: ProviderId): Tally {
	const { fixtures, config } = PROVIDERS[provider];
	const webhooks = getProvider(provider).webhooks!;
	const seeds = Object.values(fixtures)
		.filter((f) => typeof f === 'object' && f !== null)
		.map((f) => JSON.stringify(f));
	const random = prng(SEED ^ provider.length ^ provider.charCodeAt(0));
	const started = process.cpuUsage();
	const tally: Tally = {
		provider,
		payloads: 0,
		accepted: 0,
		rejected: 0,
		ignored: 0,
		items: 0,
		crashes: 0,
		violations: 0,
		firstProblems: [],
		ms: 0,
	};
	const problem = (text: string) =>
		tally.firstProblems.length < 5 && tally.firstProblems.push(text);
	for (let n = 0; n < PAYLOADS_PER_PROVIDER; n++) {
		let payload = JSON.parse(pick(random, seeds)) as Json;
		const mutations = 1 + Math.floor(random() * 3);
		for (let m = 0; m < mutations; m++) payload = mutate(random, payload);
		let text = JSON.stringify(payload);
		if (random() < 0.02) text = text.slice(0, Math.floor(random() * text.length)); // truncated
		tally.payloads++;
		const settings: TriggerSettings = {
			events: ['message', 'message.ack'],
			ignoreOwnMessages: random() < 0.5,
			onlyChats: [],
			ackStatuses: 'all',
			allowedIps: [],
			includeRaw: random() < 0.5,
		};
		try {
			const outcome = receiveDelivery(requestFor(provider, text), {
				webhooks,
				config,
				secretScope: 'fuzz-node',
				settings,
				seen: emptyMemory(),
				now: Date.UTC(2026, 2, 25),
			});
			// receiveDelivery turns a parser that throws into a 400: a refusal must be a BridgeError, anything
			// else (a TypeError, a stack overflow) is a crash of the parser.
			if (String(outcome.body.reason).startsWith('the delivery cannot be read')) {
				try {
					webhooks.parse(JSON.parse(text), config);
				} catch (error) {
					if (!(error instanceof BridgeError)) throw error;
				}
			}
			if (outcome.statusCode >= 400) tally.rejected++;
			else if (outcome.items.length === 0) tally.ignored++;
			else tally.accepted++;
			tally.items += outcome.items.length;
			for (const item of outcome.items) {
				const violations = triggerEventViolations(item);
				if (violations.length > 0) {
					tally.violations++;
					problem(`${violations.join('; ')} ← ${text.slice(0, 300)}`);
				}
			}
		} catch (error) {
			tally.crashes++;
			problem(
				`crash ${error instanceof Error ? error.stack?.split('\n').slice(0, 3).join(' ') : String(error)} ← ${text.slice(0, 300)}`,
			);
		}
	}
	const used = process.cpuUsage(started);
	tally.ms = Math.round((used.user + used.system) / 1000);
	return tally;
}

describe('webhook fuzzing (seeded)', () => {
	it(`${PAYLOADS_PER_PROVIDER.toLocaleString('en')} mutated deliveries per provider: no crash, every emitted item keeps docs/contract.md`, () => {
		const tallies = (Object.keys(PROVIDERS) as ProviderId[]).map(fuzz);
		const header = [
			'provider',
			'payloads',
			'accepted',
			'ignored (200)',
			'rejected (4xx)',
			'items',
			'crashes',
			'contract violations',
			'CPU ms',
		];
		const rows = tallies.map((t) =>
			[
				t.provider,
				t.payloads,
				t.accepted,
				t.ignored,
				t.rejected,
				t.items,
				t.crashes,
				t.violations,
				t.ms,
			].map(String),
		);
		const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
		const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
		console.log(
			`Webhook fuzz (seed 0x${SEED.toString(16)})\n${[line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n')}`,
		);
		for (const t of tallies) {
			expect({
				provider: t.provider,
				crashes: t.crashes,
				violations: t.violations,
				problems: t.firstProblems,
			}).toEqual({ provider: t.provider, crashes: 0, violations: 0, problems: [] });
			expect(t.payloads).toBe(PAYLOADS_PER_PROVIDER);
			// The mutations must leave enough deliveries readable for the contract check to mean something.
			expect(t.items).toBeGreaterThan(PAYLOADS_PER_PROVIDER / 10);
		}
	}, 180_000);
});
