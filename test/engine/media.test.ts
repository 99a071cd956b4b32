import type { INodeExecutionData } from 'n8n-workflow';

import {
	startSimulator,
	type LoggedRequest,
	type ProviderName,
	type SimConversation,
	type SimMessage,
	type Simulator,
} from '../simulator';
import { FIXTURES, PROVIDERS } from '../fixtures/providers';
import { NODE_NAME, runNode } from './package';

/** WhatsApp Messages with Download Media against the provider simulator: files, expired links, limits, credentials. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A conversation holding an image, a voice note and a document (the seed's mix). */
function mediaConversation(s: Simulator, provider: ProviderName): SimConversation {
	const found = s[provider].store.conversations.find((c) =>
		['image', 'voice', 'document'].every((kind) => c.messages.some((m) => m.kind === kind)),
	);
	if (!found)
		throw new Error('the seed has no conversation with an image, a voice note and a document');
	return found;
}

function firstOf(conversation: SimConversation, kind: SimMessage['kind'], skip = 0): SimMessage {
	return conversation.messages.filter((m) => m.kind === kind)[skip];
}

async function readMessages(
	s: Simulator,
	provider: ProviderName,
	conversation: SimConversation,
	options: Record<string, unknown> = {},
	continueOnFail = false,
) {
	return await runNode(
		'whatsAppMessages',
		provider,
		{
			conversationId: s[provider].conversationId(conversation),
			returnAll: true,
			options: { downloadMedia: true, ...options },
		},
		{ credentialData: s.credentials(provider).data, continueOnFail },
	);
}

/** What a user finds in an item's binary property `data`. */
function fileIn(item: INodeExecutionData) {
	const data = item.binary?.data;
	return data
		? { fileName: data.fileName, mimeType: data.mimeType, bytes: Buffer.from(data.data, 'base64') }
		: undefined;
}

/** The file a simulated message's link serves. */
function servedFile(s: Simulator, provider: ProviderName, message: SimMessage) {
	const media = message.media!;
	return {
		fileName: media.fileName ?? media.url.split('/').pop(),
		mimeType: media.mimeType.split(';')[0],
		bytes: s[provider].media.bytesOf(message),
	};
}

/** The secret of the simulator's credential for the provider. */
function secretOf(s: Simulator, provider: ProviderName): string {
	return s.credentials(provider).data[FIXTURES[provider].secretFields[0]];
}

const mediaRequests = (s: Simulator, provider: ProviderName, mark: number): LoggedRequest[] =>
	s.requests({ provider }).filter((r) => r.seq > mark && r.endpoint.endsWith('/:file'));

describe('WhatsApp Messages, Download Media', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 40 }, statusStepMs: null });
	});
	afterAll(async () => {
		await sim.close();
	});

	it.each(PROVIDERS)(
		'%s: every image, voice note and document arrives as binary "data" with its bytes, MIME type and file name',
		async (provider) => {
			const conversation = mediaConversation(sim, provider);
			const plain = await runNode(
				'whatsAppMessages',
				provider,
				{ conversationId: sim[provider].conversationId(conversation), returnAll: true },
				{ credentialData: sim.credentials(provider).data },
			);
			const result = await readMessages(sim, provider, conversation);

			expect(result.error(NODE_NAME)).toBeUndefined();
			const items = result.items(NODE_NAME);
			expect(items.map((item) => item.json)).toEqual(plain.output(NODE_NAME));
			expect(items.map(fileIn)).toEqual(
				conversation.messages.map((m) => (m.media ? servedFile(sim, provider, m) : undefined)),
			);
			const image = items[conversation.messages.indexOf(firstOf(conversation, 'image'))];
			expect(image.binary?.data).toMatchObject({
				mimeType: 'image/jpeg',
				fileType: 'image',
				bytes: fileIn(image)?.bytes.length,
			});
			expect(fileIn(image)?.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
			expect(result.serialized).not.toContain(secretOf(sim, provider));
		},
	);

	const credentialGoes: Record<ProviderName, { host: 'api' | 'cdn'; credential: boolean }> = {
		noxivo: { host: 'api', credential: true }, // WAHA file links on the engine, behind X-API-Key
		vobiz: { host: 'api', credential: true }, // links on the API host, behind X-Auth-ID/X-Auth-Token
		digital99: { host: 'api', credential: false }, // §3.4 public file links; the key is a POST body field
		inbox: { host: 'cdn', credential: false }, // §4.3.1 CDN links: another host gets no Bearer key
	};

	it.each(PROVIDERS)(
		"%s: the credential goes with a file request only on the provider's own host",
		async (provider) => {
			const conversation = mediaConversation(sim, provider);
			const mark = sim.requests().length;
			await readMessages(sim, provider, conversation);
			const requests = mediaRequests(sim, provider, mark);
			const apiHost = new URL(sim.baseUrl(provider)).host;
			const expected = credentialGoes[provider];

			expect(requests).toHaveLength(conversation.messages.filter((m) => m.media).length);
			for (const request of requests) {
				expect(request.status).toBe(200);
				expect(request.headers.host).toBe(
					expected.host === 'api' ? apiHost : apiHost.replace('127.0.0.1', 'localhost'),
				);
				expect(
					JSON.stringify([request.headers, request.query, request.body ?? null]).includes(
						secretOf(sim, provider),
					),
				).toBe(expected.credential);
			}
		},
	);

	it('Noxivo Engine: a link that redirects to a CDN is followed there without the API key', async () => {
		const conversation = mediaConversation(sim, 'noxivo');
		const moved = firstOf(conversation, 'image', 1) ?? firstOf(conversation, 'image');
		sim.noxivo.media.moveToCdn(moved);
		const mark = sim.requests().length;
		const result = await readMessages(sim, 'noxivo', conversation);

		expect(fileIn(result.items(NODE_NAME)[conversation.messages.indexOf(moved)])).toEqual(
			servedFile(sim, 'noxivo', moved),
		);
		const file = moved.media!.url.split('/').pop();
		const hops = mediaRequests(sim, 'noxivo', mark).filter((r) => r.path.endsWith(`/${file}`));
		expect(
			hops.map((r) => [
				r.path.split('/').slice(0, 3).join('/'),
				r.status,
				r.headers.host?.split(':')[0],
				r.headers['x-api-key'] ?? null,
			]),
		).toEqual([
			['/api/files', 302, '127.0.0.1', sim.credentials('noxivo').data.apiKey],
			['/cdn/media', 200, 'localhost', null],
		]);
	});
});

describe('Download Media when a file cannot be had', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 40 }, statusStepMs: null });
	});
	afterAll(async () => {
		await sim.close();
	});

	/** What each provider answers for an expired link, and what the user then reads. */
	const expiredLinks: Array<[ProviderName, (m: string) => string, RegExp]> = [
		[
			'noxivo',
			(id) =>
				`Could not download the media of message ${id}: the link has expired or the file was removed (HTTP 404)`,
			/^Noxivo Engine answered: Cannot GET \/api\/files\/.+\.jpg$/,
		],
		[
			'vobiz',
			(id) =>
				`Could not download the media of message ${id}: the link has expired or the file was removed (HTTP 404)`,
			/^Vobiz answered: Media not found or expired$/,
		],
		[
			'inbox',
			(id) =>
				`Could not download the media of message ${id}: the download was refused (HTTP 403); the link may have expired`,
			/^WhatsApp Inbox API answered: Request has expired$/,
		],
	];

	it.each(expiredLinks)(
		'%s: an expired link ends the run with an error naming the message',
		async (provider, message, description) => {
			const conversation = mediaConversation(sim, provider);
			const image = firstOf(conversation, 'image');
			sim[provider].media.expire(image);
			const result = await readMessages(sim, provider, conversation);

			expect(result.error(NODE_NAME)?.message).toBe(message(sim[provider].messageId(image)));
			expect(result.error(NODE_NAME)?.description).toMatch(description);
			expect(result.items(NODE_NAME)).toEqual([]);
		},
	);

	it.each(expiredLinks)(
		'%s: with Continue On Fail the message comes out with mediaError, every other item intact',
		async (provider, message) => {
			const conversation = mediaConversation(sim, provider);
			const image = firstOf(conversation, 'image');
			sim[provider].media.expire(image);
			const result = await readMessages(sim, provider, conversation, {}, true);

			expect(result.error(NODE_NAME)).toBeUndefined();
			const items = result.items(NODE_NAME);
			expect(items.map((item) => item.json.id)).toEqual(
				conversation.messages.map((m) => sim[provider].messageId(m)),
			);
			expect(items.map((item) => item.json.mediaError ?? null)).toEqual(
				conversation.messages.map((m) =>
					m === image ? message(sim[provider].messageId(m)) : null,
				),
			);
			expect(items.map(fileIn)).toEqual(
				conversation.messages.map((m) =>
					m.media && m !== image ? servedFile(sim, provider, m) : undefined,
				),
			);
		},
	);

	it('a file over Max Media Size is not downloaded: the error names the message, the limit and the size', async () => {
		const conversation = mediaConversation(sim, 'digital99');
		const document = firstOf(conversation, 'document');
		sim.digital99.media.resize(document, 30_000);
		const id = sim.digital99.messageId(document);

		const stopped = await readMessages(sim, 'digital99', conversation, { maxMediaSize: 0.02 });
		expect(stopped.error(NODE_NAME)?.message).toBe(
			`Could not download the media of message ${id}: the file is larger than the Max Media Size of 0.02 MB (0.03 MB)`,
		);
		expect(stopped.error(NODE_NAME)?.description).toBe(
			'Raise the option Max Media Size (MB) to download it.',
		);

		const continued = await readMessages(
			sim,
			'digital99',
			conversation,
			{ maxMediaSize: 0.02 },
			true,
		);
		const items = continued.items(NODE_NAME);
		const at = conversation.messages.indexOf(document);
		expect(items[at].json.mediaError).toBe(stopped.error(NODE_NAME)?.message);
		expect(items[at].binary).toBeUndefined();
		expect(items.filter((item) => item.binary).length).toBe(
			conversation.messages.filter((m) => m.media && m !== document).length,
		);

		const raised = await readMessages(sim, 'digital99', conversation, { maxMediaSize: 0.03 });
		expect(fileIn(raised.items(NODE_NAME)[at])?.bytes).toEqual(
			sim.digital99.media.bytesOf(document),
		);
	});

	it('a server error on the file route names the host and the status; the next file still comes', async () => {
		const conversation = mediaConversation(sim, 'noxivo');
		const [failing, next] = conversation.messages.filter(
			(m) => m.media && !sim.noxivo.media.isExpired(m),
		);
		sim.disturb({
			provider: 'noxivo',
			endpoint: `GET /api/files/${sim.noxivo.sessionName}/:file`,
			skip: conversation.messages.filter((m) => m.media).indexOf(failing),
			disturbance: { kind: 'serverError', status: 503 },
		});
		const result = await readMessages(sim, 'noxivo', conversation, {}, true);

		const items = result.items(NODE_NAME);
		const id = sim.noxivo.messageId(failing);
		expect(items[conversation.messages.indexOf(failing)].json.mediaError).toBe(
			`Could not download the media of message ${id}: ${new URL(sim.baseUrl('noxivo')).host} answered HTTP 503`,
		);
		expect(fileIn(items[conversation.messages.indexOf(next)])).toEqual(
			servedFile(sim, 'noxivo', next),
		);
	});
});

describe('99digital: media links expire after 7 days (§3.3.1)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 40 }, statusStepMs: null });
	});
	afterAll(async () => {
		await sim.close();
	});

	it('a week later the link answers FAIL instead of the file, and the error says how long 99digital keeps media', async () => {
		const conversation = mediaConversation(sim, 'digital99');
		expect((await readMessages(sim, 'digital99', conversation)).error(NODE_NAME)).toBeUndefined();

		sim.advanceClock(7 * DAY_MS + 60_000);
		const result = await readMessages(sim, 'digital99', conversation);
		const oldest = conversation.messages.find((m) => m.media)!;
		expect(result.error(NODE_NAME)?.message).toBe(
			`Could not download the media of message ${sim.digital99.messageId(oldest)}: the link answered with a JSON document, not the file`,
		);
		expect(result.error(NODE_NAME)?.description).toBe(
			'99digital answered: {"status":"FAIL","reason":4}. 99digital keeps media files for 7 days (docs/providers.md §3.3.1): download them when the message arrives, e.g. with Download Media on the WhatsApp Trigger',
		);
	});
});
