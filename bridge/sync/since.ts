import { DateTime } from 'luxon';

import { BridgeError } from '../errors';
import type { Message } from '../model';
import { epochMillis } from '../time';

/**
 * Where an incremental read starts: a point in time, or a message (Messages "Newer Than" takes either).
 * Times are epoch milliseconds; a message is matched by its provider id or its WhatsApp id.
 */
export type SincePoint = { kind: 'time'; at: number } | { kind: 'message'; id: string };

/** A date-time as n8n hands it over: a luxon DateTime from an expression (another copy of luxon), or a Date. */
function instantOf(value: unknown): number | undefined {
	if (value instanceof Date) return value.getTime();
	if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		const millis = (value as { toMillis(): number }).toMillis();
		return Number.isFinite(millis) ? millis : undefined;
	}
	return undefined;
}

/** An ISO date or date-time; one without an offset is read in `timezone` (the workflow's), as n8n's date fields are. */
function parseIso(text: string, timezone: string | undefined): number | undefined {
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const parsed = DateTime.fromISO(text, { zone: timezone ?? 'utc' });
	return parsed.isValid ? parsed.toMillis() : undefined;
}

/**
 * A time option (Active Since, Start From): an ISO string, an n8n date or a JS Date; undefined when empty.
 * Anything else is an input error naming the field.
 */
export function parseTime(value: unknown, field: string, timezone?: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const instant =
		instantOf(value) ?? (typeof value === 'string' ? parseIso(value.trim(), timezone) : undefined);
	if (instant !== undefined) return instant;
	throw new BridgeError('input', `${label(field)} "${String(value)}" is not a date and time`, {
		field,
		description:
			'Use an ISO date and time such as 2026-03-17T14:00:00Z, or an expression giving an n8n date ({{ $now.minus(1, "day") }}).',
	});
}

/** Messages "Newer Than": a time as in parseTime, or else (text that is not a date) a message id. */
export function parseNewerThan(value: unknown, timezone?: string): SincePoint | undefined {
	if (typeof value === 'number') {
		throw new BridgeError(
			'input',
			`Newer Than ${value} is neither a date and time nor a message ID`,
			{
				field: 'newerThan',
				description:
					'Give an ISO date and time, an n8n date, or the "id" of a message from WhatsApp Messages.',
			},
		);
	}
	if (
		typeof value === 'string' &&
		parseIso(value.trim(), timezone) === undefined &&
		value.trim() !== ''
	) {
		return { kind: 'message', id: value.trim() };
	}
	const at = parseTime(value, 'newerThan', timezone);
	return at === undefined ? undefined : { kind: 'time', at };
}

function label(field: string): string {
	return (
		{ newerThan: 'Newer Than', activeSince: 'Active Since', startFrom: 'Start From' }[field] ??
		field
	);
}

/** Whether the message is that point (a message point) or at/before it (a time point, to the millisecond). */
export function reaches(message: Message, point: SincePoint): boolean {
	if (point.kind === 'message') return message.id === point.id || message.waMessageId === point.id;
	return epochMillis(message.timestamp) <= point.at;
}
