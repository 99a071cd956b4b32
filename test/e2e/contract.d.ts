/** Types of contract.js, so that test/contract.ts takes its field lists from there (one home for them). */

export const FIELDS: Readonly<Record<string, readonly string[]>> & {
	chat: readonly string[];
	message: readonly string[];
	'event:message': readonly string[];
	'event:message.ack': readonly string[];
};

export function fieldProblems(items: object[], fields: readonly string[]): string[];
