import { idempotencyKey, type SendPlace } from '../../../bridge/sending/idempotency';

describe('idempotencyKey', () => {
	const place: SendPlace = {
		workflowId: 'wf1',
		executionId: '57',
		nodeName: 'Send',
		runIndex: 0,
		itemIndex: 2,
	};

	it('is the same for the same execution, node run and item (a retry)', () => {
		expect(idempotencyKey({ ...place })).toBe(idempotencyKey(place));
		expect(idempotencyKey(place)).toMatch(/^n8n-[0-9a-f]{40}$/);
	});

	it.each<[string, Partial<SendPlace>]>([
		['another item', { itemIndex: 3 }],
		['another run of the node (a loop)', { runIndex: 1 }],
		['another execution', { executionId: '58' }],
		['another node', { nodeName: 'Send1' }],
		['another workflow', { workflowId: 'wf2' }],
	])('differs for %s', (_label, change) => {
		expect(idempotencyKey({ ...place, ...change })).not.toBe(idempotencyKey(place));
	});

	it('does not mix up fields that concatenate alike', () => {
		expect(idempotencyKey({ ...place, nodeName: 'Send1', runIndex: 0 })).not.toBe(
			idempotencyKey({ ...place, nodeName: 'Send', runIndex: 10 }),
		);
	});

	it('is null without an execution id', () => {
		expect(idempotencyKey({ ...place, executionId: undefined })).toBeNull();
	});
});
