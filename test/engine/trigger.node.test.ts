import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { PROVIDERS } from '../../bridge/providers';
import { nodeTypes } from './package';

/** What a workflow builder sees of the WhatsApp Trigger (docs/contract.md "Nodes"). */

const { description } = nodeTypes.whatsAppTrigger;
const property = (name: string) =>
	description.properties.find((p) => p.name === name) as INodeProperties;

describe('WhatsApp Trigger node', () => {
	it("is a trigger named whatsAppTrigger with one POST webhook and the contract's parameters", () => {
		expect([
			description.name,
			description.displayName,
			description.group,
			description.inputs,
		]).toEqual(['whatsAppTrigger', 'WhatsApp Trigger', ['trigger'], []]);
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
		]);
		expect(property('provider').options).toEqual([
			{ name: 'Noxivo Engine', value: 'noxivo' },
			{ name: 'Vobiz', value: 'vobiz' },
			{ name: '99digital', value: 'digital99' },
			{ name: 'WhatsApp Inbox API', value: 'inbox' },
		]);
		expect(property('events')).toMatchObject({ type: 'multiOptions', default: ['message'] });
		expect(property('events').options?.map((o) => ('value' in o ? o.value : null))).toEqual([
			'message',
			'message.ack',
		]);
	});

	it('shows each provider only its own setup notice: what n8n registers, or which URL to paste', () => {
		const notices = (provider: string) =>
			description.properties
				.filter(
					(p) =>
						p.type === 'notice' && NodeHelpers.displayParameter({ provider }, p, null, description),
				)
				.map((p) => p.displayName);
		expect(notices('noxivo')).toEqual([PROVIDERS.noxivo.webhooks!.setupNotice]);
		expect(notices('noxivo')[0]).toContain('copy the Production URL above');
		expect(notices('vobiz')[0]).toContain('n8n subscribes this URL at Vobiz');
		expect(notices('digital99')[0]).toContain('puts the previous webhook URL back');
		expect(notices('inbox')[0]).toContain('Configure the Production URL above');
	});

	it('lists the sender addresses providers document in the Allowed Source IPs hint', () => {
		const options = property('options').options as INodeProperties[];
		expect(options.map((o) => o.name)).toEqual([
			'ackStatuses',
			'allowedIps',
			'downloadMedia',
			'ignoreOwnMessages',
			'includeRaw',
			'maxMediaSize',
			'onlyChats',
		]);
		expect(options.find((o) => o.name === 'allowedIps')?.description).toContain(
			'99digital: 34.165.99.212, 192.117.146.95',
		);
	});

	it("does not offer itself as an AI tool (n8n's lint forbids usableAsTool on triggers)", () => {
		expect(description.usableAsTool).toBeUndefined();
	});
});
