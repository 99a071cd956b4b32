import { startSimulator, type ProviderName, type Simulator } from '../simulator';
import { FIXTURES, PROVIDERS } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * The WhatsApp Trigger with Download Media: the simulator delivers an incoming image, the Trigger fetches
 * its file before the workflow starts; a file it cannot fetch never costs the event.
 */

/** The secret a signing provider signs with, and the Trigger's credential checks. */
const SIGNING_SECRET = 'sim-webhook-signing-secret';

/** How each provider's simulator is told the Trigger's URL, as its user would (dashboard, subscription API, setWebhook). */
const POINT_AT_TRIGGER: Record<ProviderName, (s: Simulator, url: string) => void> = {
	noxivo: (s, url) => s.noxivo.setWebhook(url),
	vobiz: (s, url) => s.vobiz.addSubscription(url, SIGNING_SECRET),
	digital99: (s, url) => s.digital99.setWebhook({ url }),
	inbox: (s, url) => s.inbox.setWebhook({ url, secret: SIGNING_SECRET }),
};

let sim: Simulator;
let trigger: TriggerHarness;

/** A simulator, and a Trigger with its credential pointing there and its webhook registered there. */
async function start(provider: ProviderName): Promise<void> {
	sim = await startSimulator({ seed: { chats: 2, messagesPerChat: 3 }, statusStepMs: null });
	const secret =
		FIXTURES[provider].webhookProof === 'signature' ? { webhookSecret: SIGNING_SECRET } : {};
	trigger = await startTrigger(
		provider,
		{ events: ['message'], options: { downloadMedia: true } },
		{ credentialData: { ...sim.credentials(provider).data, ...secret } },
	);
	POINT_AT_TRIGGER[provider](sim, trigger.url);
}

afterEach(async () => {
	expect(trigger.crashes).toEqual([]);
	await sim.close();
	await trigger.close();
});

describe.each(PROVIDERS.filter((p) => p !== 'vobiz'))(
	'%s: WhatsApp Trigger with Download Media',
	(provider) => {
		it('an incoming image starts one execution whose item holds the file', async () => {
			await start(provider);
			const image = sim[provider].receiveMessage({ kind: 'image' });
			await sim.webhooksIdle();

			expect(trigger.executionItems).toHaveLength(1);
			const [item] = trigger.executionItems[0];
			expect(item.json).toMatchObject({
				event: 'message',
				type: 'image',
				media: { url: image.media?.url },
			});
			expect(item.json.mediaError).toBeUndefined();
			expect(item.binary?.data).toMatchObject({
				mimeType: 'image/jpeg',
				fileName: `${image.seq}.jpg`,
			});
			expect(Buffer.from(item.binary?.data.data ?? '', 'base64')).toEqual(
				sim[provider].media.bytesOf(image),
			);
			expect(sim.webhookDeliveries(provider).map((d) => d.attempts.map((a) => a.status))).toEqual([
				[200],
			]);
		});

		it('a file that cannot be fetched still starts the execution, the item carrying mediaError', async () => {
			await start(provider);
			sim.disturb({
				provider,
				endpoint: mediaEndpoint(provider),
				disturbance: { kind: 'serverError', status: 502 },
			});
			const image = sim[provider].receiveMessage({ kind: 'image' });
			await sim.webhooksIdle();

			const [item] = trigger.executionItems[0];
			const host = new URL(image.media?.url ?? '').host;
			expect(item.json.mediaError).toBe(
				`Could not download the media of message ${String(item.json.id)}: ${host} answered HTTP 502`,
			);
			expect(item.binary).toBeUndefined();
			expect(sim.webhookDeliveries(provider).map((d) => d.attempts.map((a) => a.status))).toEqual([
				[200],
			]);
		});
	},
);

describe('vobiz: WhatsApp Trigger with Download Media', () => {
	it('an inbound image carries only a Meta media id (§2.5): the item says so in mediaError', async () => {
		await start('vobiz');
		sim.vobiz.receiveMessage({ kind: 'image' });
		await sim.webhooksIdle();

		const [item] = trigger.executionItems[0];
		expect(item.json).toMatchObject({
			event: 'message',
			type: 'image',
			media: { url: null, mimeType: 'image/jpeg' },
		});
		expect(item.json.mediaError).toBe(
			`Could not download the media of message ${String(item.json.id)}: the message has no download link`,
		);
		expect(item.binary).toBeUndefined();
		expect(
			sim.requests({ provider: 'vobiz' }).filter((r) => r.endpoint.endsWith('/:file')),
		).toEqual([]);
	});
});

/** The route name of a provider's media files in the request log. */
function mediaEndpoint(provider: ProviderName): string {
	return `GET ${sim[provider].media.routes()[0].path}`;
}
