import { BridgeError } from '../errors';
import type { Transport } from '../http';
import type { Mapped, MessageStatusResult, SendResult, SessionStatusResult } from '../model';
import type { ProviderAdapter, ProviderConfig } from '../providers/types';
import { assertCanSend } from './capabilities';
import type { BinaryReader, SendDraft, SendInput } from './types';

/** The send and status operations the nodes offer, provider-independent. */

/** Reads the draft's binary media, if any; the file name and MIME type the user gave win over the file's own. */
async function withBinaryRead(draft: SendDraft, readBinary: BinaryReader): Promise<SendInput> {
	const { content } = draft;
	if (!('media' in content) || content.media.from !== 'binary') return draft as SendInput;
	const { property, mimeType, fileName } = content.media;
	const file = await readBinary(property);
	if (file.data === '') {
		throw new BridgeError('input', `The binary property "${property}" is empty`, {
			field: 'binaryPropertyName',
			description: 'The input item has the property but no file content in it.',
		});
	}
	return {
		...draft,
		content: {
			...content,
			media: { from: 'binary', data: file.data, mimeType: mimeType ?? file.mimeType, fileName: fileName ?? file.fileName },
		},
	};
}

/** Checks what the provider can send before anything is read or requested, then sends one message. */
export async function sendMessage(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	draft: SendDraft,
	readBinary: BinaryReader,
	transport: Transport,
): Promise<Mapped<SendResult>> {
	assertCanSend(adapter, adapter.sending.capabilities, draft);
	return await adapter.sending.send(config, await withBinaryRead(draft, readBinary), transport);
}

export async function messageStatus(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	messageId: unknown,
	transport: Transport,
): Promise<Mapped<MessageStatusResult>> {
	const id = typeof messageId === 'number' ? String(messageId) : typeof messageId === 'string' ? messageId.trim() : '';
	if (id === '') {
		throw new BridgeError('input', 'Message ID is empty', {
			field: 'messageId',
			description: 'Give the "id" of an item from WhatsApp Send.',
		});
	}
	const support = adapter.sending.messageStatus;
	if (!support.supported) {
		throw new BridgeError('unsupported', `${adapter.displayName} has no message-status endpoint: use the WhatsApp Trigger's message.ack events`, {
			provider: adapter.id,
			field: 'operation',
			description: `${support.reportsStatusBy} WhatsApp Messages also shows the last known status of each message of a conversation.`,
		});
	}
	return await support.read(config, id, transport);
}

export async function sessionStatus(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
): Promise<Mapped<SessionStatusResult>> {
	return await adapter.sending.sessionStatus(config, transport);
}
