import { LoggerProxy } from 'n8n-workflow';

import { CASES, NEEDLES, pooled, runCase, type CaseResult } from './catalogue';
import { leaksIn } from './secrets';
import { faultTable } from './table';

/**
 * Issue 9's fault catalogue (acceptance 5 and 6): every provider × fault × operation through n8n's engine
 * against the simulator; prints one table and fails on any loss, duplicate delivery, crash or leaked secret.
 */

/**
 * Cases at once: each has its own simulator, and much of a case's time is a wait (Retry-After, a timeout). More
 * would lag the event loop the simulators share with the nodes, and a lagging answer can pass the slow cases' Timeout.
 */
const WIDTH = 8;

const logged: string[] = [];
const results: CaseResult[] = [];
let elapsedMs = 0;

beforeAll(async () => {
	const record = (level: string) => (message: unknown, metadata?: unknown) =>
		logged.push(
			`${level} ${String(message)} ${metadata === undefined ? '' : JSON.stringify(metadata)}`,
		);
	LoggerProxy.init({
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
	});
	const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const spies = consoleMethods.map((method) =>
		jest
			.spyOn(console, method)
			.mockImplementation((...args: unknown[]) =>
				record(`console.${method}`)(
					args
						.map((a) =>
							a instanceof Error
								? `${a.message} ${a.stack}`
								: typeof a === 'string'
									? a
									: JSON.stringify(a),
						)
						.join(' '),
				),
			),
	);
	const started = Date.now();
	try {
		results.push(
			...(await pooled(
				CASES.map(
					({ provider, fault, operation }) =>
						async () =>
							await runCase(provider, fault, operation),
				),
				WIDTH,
			)),
		);
	} finally {
		elapsedMs = Date.now() - started;
		spies.forEach((spy) => spy.mockRestore());
	}
}, 240_000);

afterAll(() => {
	if (results.length > 0)
		process.stdout.write(
			`\n${faultTable(results, elapsedMs)}${logged.length} log lines checked for secrets as well.\n\n`,
		);
});

describe('fault catalogue', () => {
	it.each(CASES.map((c, i) => [`${c.provider} · ${c.fault.name} · ${c.operation}`, i] as const))(
		'%s: recovered or a clear error, no secret',
		(_name, at) => {
			const result = results[at];
			expect(`${result.outcome}: ${result.note}`).toMatch(/^(recovered|clear error): /);
			expect(result.leaks).toEqual([]);
		},
	);

	it('no secret in any line logged while it ran', () => {
		expect(leaksIn(logged.join('\n'), NEEDLES)).toEqual([]);
	});
});
