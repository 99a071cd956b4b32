import { startSimulator, type Simulator } from '../simulator';
import { PROVIDERS, type ProviderId } from '../fixtures/providers';
import { startTrigger, type TriggerHarness } from './webhookHarness';

/**
 * The provider simulator (an independent reading of docs/providers.md) delivers its webhooks to the Trigger:
 * what it signs, the Trigger accepts; what it sends, the Trigger reads.
 */

const SECRETS = { vobiz: 'sim-vobiz-subscription-secret', inbox: 'sim-inbox-webhook-secret' };

let trigger: TriggerHarness;
let sim: Simulator;

async function start(provider: ProviderId): Promise<void> {
	trigger = await startTrigger(
		provider,
		{ events: ['message', 'message.ack'] },
		provider === 'vobiz' || provider === 'inbox'
			? { credentialData: { webhookSecret: SECRETS[provider] } }
			: {},
	);
	sim = await startSimulator({
		seed: { chats: 2, messagesPerChat: 3 },
		statusStepMs: null,
		noxivo: { webhookUrl: trigger.url },
		vobiz: { webhooks: [{ url: trigger.url, secret: SECRETS.vobiz }] },
		digital99: { webhook: { url: trigger.url, readStatus: 1 } },
		inbox: { webhook: { url: trigger.url, secret: SECRETS.inbox } },
	});
}

afterEach(async () => {
	expect(trigger.crashes).toEqual([]);
	await sim.close();
	await trigger.close();
});

describe.each(PROVIDERS)('%s simulator → WhatsApp Trigger', (provider) => {
	it('an incoming message starts one execution with the message', async () => {
		await start(provider);
		sim.provider(provider).receiveMessage({ text: 'Hello from the simulator' });
		await sim.webhooksIdle();
		expect(trigger.executions).toEqual([
			[
				expect.objectContaining({
					event: 'message',
					provider,
					direction: 'inbound',
					fromMe: false,
					type: 'text',
					text: 'Hello from the simulator',
				}),
			],
		]);
		expect(sim.webhookDeliveries(provider).map((d) => d.attempts.map((a) => a.status))).toEqual([
			[200],
		]);
	});

	it('the same delivery sent twice starts one execution', async () => {
		await start(provider);
		sim.provider(provider).receiveMessage({ text: 'Only once' });
		await sim.webhooksIdle();
		const [first] = sim.webhookDeliveries(provider);
		await sim.provider(provider).deliverRaw(first.body);
		await sim.webhooksIdle();
		expect(trigger.executions).toHaveLength(1);
		expect(sim.webhookDeliveries(provider).map((d) => d.attempts.map((a) => a.status))).toEqual([
			[200],
			[200],
		]);
	});
});
