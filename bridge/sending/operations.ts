import { capabilityOf } from '../capabilities';
import { BridgeError, isBridgeError, restated } from '../errors';
import { isRecord, type HttpResponse, type Transport } from '../http';
import type {
	Mapped,
	MessageStatusResult,
	ProviderConfig,
	SendResult,
	SessionStatusResult,
} from '../model';
import type { ProviderAdapter } from '../providers/types';
import { TRANSIENT_STATUSES } from '../retry';
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
			media: {
				from: 'binary',
				data: file.data,
				mimeType: mimeType ?? file.mimeType,
				fileName: fileName ?? file.fileName,
			},
		},
	};
}

/**
 * Whether an answer leaves open that the provider took the request: a 504, a 502 from a gateway, or a 2xx
 * whose body cannot be read (cut off, or a proxy's page). A 502 with a JSON error body is the provider's own
 * answer that it failed (the inbox API's Meta errors, §4.3.3).
 */
function mayHaveProcessed(response: HttpResponse): boolean {
	if (response.statusCode >= 200 && response.statusCode < 300) return !isRecord(response.body);
	if (TRANSIENT_STATUSES[response.statusCode]?.unprocessed !== false) return false;
	return response.statusCode !== 502 || !isRecord(response.body);
}

/**
 * Checks what the provider can send before anything is read or requested, then sends one message. Unless the
 * provider takes the idempotency key, its sending requests are marked unsafe to repeat (retried only when it
 * cannot have processed them). A send that failed after it may have reached the provider says so.
 */
export async function sendMessage(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	draft: SendDraft,
	readBinary: BinaryReader,
	transport: Transport,
): Promise<Mapped<SendResult>> {
	const sending = capabilityOf(adapter, 'sending');
	assertCanSend(adapter, sending.capabilities, draft);
	const input = await withBinaryRead(draft, readBinary);
	const repeatable = sending.takesIdempotencyKey && input.idempotencyKey !== null;
	let mayHaveReachedIt = false;
	const watched: Transport = async (request) => {
		if (request.method === 'GET') return await transport(request);
		const response = await transport(repeatable ? request : { ...request, unsafeToRepeat: true });
		if (mayHaveProcessed(response)) mayHaveReachedIt = true;
		return response;
	};
	try {
		return await sending.send(config, input, watched);
	} catch (error) {
		throw mayHaveBeenSent(adapter, error, mayHaveReachedIt);
	}
}

/** A failed send that may have reached the provider says so, and how to check; any other error is left as it is. */
function mayHaveBeenSent(
	adapter: ProviderAdapter,
	error: unknown,
	mayHaveReachedIt: boolean,
): unknown {
	if (!isBridgeError(error) || !(error.maybeSent || mayHaveReachedIt)) return error;
	return restated(error, {
		message: `${error.message}; the message may have been sent`,
		description: [
			`${adapter.displayName} may have taken the message before its answer was lost, so it was not sent again.`,
			`Check WhatsApp Messages for this conversation, or the WhatsApp Trigger's message.ack events, before you send it again.`,
			error.description,
		]
			.filter(Boolean)
			.join(' '),
		maybeSent: true,
	});
}

export async function messageStatus(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	messageId: unknown,
	transport: Transport,
): Promise<Mapped<MessageStatusResult>> {
	const id =
		typeof messageId === 'number'
			? String(messageId)
			: typeof messageId === 'string'
				? messageId.trim()
				: '';
	if (id === '') {
		throw new BridgeError('input', 'Message ID is empty', {
			field: 'messageId',
			description: 'Give the "id" of an item from WhatsApp Send.',
		});
	}
	const support = capabilityOf(adapter, 'sending').messageStatus;
	if (!support.supported) {
		throw new BridgeError(
			'unsupported',
			`${adapter.displayName} has no message-status endpoint: use the WhatsApp Trigger's message.ack events`,
			{
				provider: adapter.id,
				field: 'operation',
				description: `${support.reportsStatusBy} WhatsApp Messages also shows the last known status of each message of a conversation.`,
			},
		);
	}
	return await support.read(config, id, transport);
}

export async function sessionStatus(
	adapter: ProviderAdapter,
	config: ProviderConfig,
	transport: Transport,
): Promise<Mapped<SessionStatusResult>> {
	return await capabilityOf(adapter, 'sending').sessionStatus(config, transport);
}
