import { BridgeError } from './errors';
import type { ProviderAdapter } from './providers/types';

/** The things a provider may or may not be able to do (ProviderAdapter's optional parts). */
export type Capability = 'history' | 'sending' | 'webhooks' | 'media';

/** What a user wanted that the provider cannot do, and what to use instead. */
const WHEN_MISSING: Record<Capability, { cannot: string; instead: string }> = {
	history: {
		cannot: 'list chats or read message history',
		instead: 'Use the WhatsApp Trigger to receive its messages as they arrive.',
	},
	sending: {
		cannot: 'send messages or report their status',
		instead:
			"Send from the provider's own dashboard, or use a provider that sends through its API.",
	},
	webhooks: {
		cannot: 'deliver messages to a webhook',
		instead: 'Use the WhatsApp Poll Trigger, which reads new messages on a schedule.',
	},
	media: {
		cannot: 'download the files its messages link to',
		instead: "Use the message's media.url with n8n's HTTP Request node.",
	},
};

/** The provider's part for `capability`, or the error saying that it cannot do this and what to use instead. */
export function capabilityOf<C extends Capability>(
	adapter: ProviderAdapter,
	capability: C,
): NonNullable<ProviderAdapter[C]> {
	const part = adapter[capability];
	if (part) return part as NonNullable<ProviderAdapter[C]>;
	throw new BridgeError(
		'unsupported',
		`${adapter.displayName} cannot ${WHEN_MISSING[capability].cannot}`,
		{
			provider: adapter.id,
			description: WHEN_MISSING[capability].instead,
		},
	);
}
