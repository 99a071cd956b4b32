import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { isRecord } from '../http';
import type { Mapped, Message, ProviderConfig } from '../model';
import { getProvider } from '../providers';
import {
	latestMessages,
	markNow,
	pollNewMessages,
	type PollMark,
	type PollSettings,
} from '../sync/poll';
import { secretMasker } from '../secrets';
import { parseTime } from '../sync/since';
import { eventId, toMessageEvent } from '../webhooks/events';
import { parseChatList } from '../webhooks/filters';
import { secretsOf } from './itemOperation';
import { withDownloadedMedia } from './media';
import { DEFAULT_MAX_MESSAGES } from './pollProperties';
import { credentialTransport } from './credentialTransport';
import { toNodeError } from './errors';

/**
 * The WhatsApp Poll Trigger's poll. Its memory between polls is the high-water mark of bridge/sync/poll.ts
 * in the node's static data, which n8n saves when a poll emits (and at activation); nothing is kept in the
 * process (docs/architecture.md: queue mode).
 */

interface PollState {
	mark: PollMark;
	/** The Start From the mark began at, so setting another one starts over. */
	startFrom: string | null;
}

function readState(staticData: IDataObject): PollState | undefined {
	const state = staticData.poll;
	if (
		!isRecord(state) ||
		!isRecord(state.mark) ||
		typeof state.mark.at !== 'string' ||
		!Array.isArray(state.mark.ids)
	)
		return undefined;
	return {
		mark: {
			at: state.mark.at,
			ids: state.mark.ids.filter((id): id is string => typeof id === 'string'),
		},
		startFrom: typeof state.startFrom === 'string' ? state.startFrom : null,
	};
}

function readSettings(options: IDataObject): PollSettings {
	const max = Number(options.maxMessages ?? DEFAULT_MAX_MESSAGES);
	return {
		onlyChats: parseChatList(typeof options.onlyChats === 'string' ? options.onlyChats : ''),
		ignoreOwnMessages: options.ignoreOwnMessages !== false,
		maxMessages: Number.isInteger(max) && max >= 1 ? max : DEFAULT_MAX_MESSAGES,
	};
}

/** The same items as the WhatsApp Trigger's `message` events, no credential secret in any of them. */
function toItems(
	ctx: IPollFunctions,
	messages: Array<Mapped<Message>>,
	includeRaw: boolean,
	secrets: readonly string[],
): INodeExecutionData[] {
	const masker = secretMasker(secrets);
	return ctx.helpers.returnJsonArray(
		messages.map(({ value, raw }) => {
			const event = toMessageEvent(value);
			return masker.deep({
				...event,
				eventId: eventId(event),
				...(includeRaw ? { raw } : {}),
			}) as IDataObject;
		}),
	);
}

export async function pollMessages(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	let secrets: string[] = [];
	try {
		const adapter = getProvider(this.getNodeParameter('provider'));
		const config: ProviderConfig = await this.getCredentials(adapter.credentialType);
		secrets = secretsOf(adapter, config);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const settings = readSettings(options);
		const transport = credentialTransport(this, adapter, config, { retry: true });
		const includeRaw = options.includeRaw === true;

		if (this.getMode() === 'manual') {
			const latest = await latestMessages(adapter, config, transport, settings);
			return latest.length > 0
				? [
						await withDownloadedMedia(
							this,
							toItems(this, latest, includeRaw, secrets),
							'mediaError',
						),
					]
				: null;
		}

		const startAt = parseTime(options.startFrom, 'startFrom', this.getTimezone());
		const startFrom = startAt === undefined ? null : new Date(startAt).toISOString();
		const staticData = this.getWorkflowStaticData('node');
		let state = readState(staticData);
		if (!state || (startFrom !== null && startFrom !== state.startFrom)) {
			const mark =
				startFrom !== null
					? { at: startFrom, ids: [] }
					: await markNow(adapter, config, transport, Date.now(), settings);
			state = { mark, startFrom };
			staticData.poll = state as unknown as IDataObject;
			if (startFrom === null) return null;
		}

		const result = await pollNewMessages(adapter, config, transport, state.mark, settings);
		if (result.mark !== state.mark)
			staticData.poll = { ...state, mark: result.mark } as unknown as IDataObject;
		return result.messages.length > 0
			? [
					await withDownloadedMedia(
						this,
						toItems(this, result.messages, includeRaw, secrets),
						'mediaError',
					),
				]
			: null;
	} catch (error) {
		throw toNodeError(this.getNode(), error, null, secrets);
	}
}
