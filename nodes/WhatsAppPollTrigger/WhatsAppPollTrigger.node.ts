import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { pollMessages } from '../../bridge/n8n/poll';
import { pollNotice, pollOptionsProperty } from '../../bridge/n8n/pollProperties';
import { providerSubtitle } from '../../bridge/n8n/editorFields';
import { providerFields, providerNames, triggerNodeBase } from '../../bridge/n8n/properties';

export class WhatsAppPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Poll Trigger',
		name: 'whatsAppPollTrigger',
		icon: {
			light: 'file:../icons/whatsAppInbox.svg',
			dark: 'file:../icons/whatsAppInbox.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: providerSubtitle('"New Messages"'),
		documentationUrl:
			'https://www.npmjs.com/package/n8n-nodes-whatsapp-inbox#whatsapp-poll-trigger-or-the-webhook-trigger',
		description: `Starts the workflow with the WhatsApp messages that arrived since the last poll, from ${providerNames}`,
		defaults: { name: 'WhatsApp Poll Trigger' },
		polling: true,
		...triggerNodeBase(),
		properties: [...providerFields(), pollNotice, pollOptionsProperty()],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollMessages.call(this);
	}
}
