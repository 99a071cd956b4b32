import { OUTCOMES, type CaseResult } from './catalogue';

/** The fault catalogue's one table: a line per provider × fault × operation, totals per provider and overall. */

const COLUMNS = ['tried', ...OUTCOMES, 'secret leaks'] as const;

interface Tally {
	label: [string, string, string];
	counts: number[];
	note: string;
}

function tally(label: Tally['label'], results: CaseResult[], note = ''): Tally {
	return {
		label,
		counts: [
			results.length,
			...OUTCOMES.map((o) => results.filter((r) => r.outcome === o).length),
			results.filter((r) => r.leaks.length > 0).length,
		],
		note,
	};
}

export function faultTable(results: CaseResult[], elapsedMs: number): string {
	const rows: Tally[] = results.map((r) => {
		const note = `${(r.durationMs / 1000).toFixed(1)} s · ${r.note}`;
		return tally(
			[r.provider, r.fault, r.operation],
			[r],
			r.leaks.length > 0 ? `${note}; LEAKED ${r.leaks.join(', ')}` : note,
		);
	});
	const providers = [...new Set(results.map((r) => r.provider))];
	const totals = [
		...providers.map((p) =>
			tally(
				[p, 'all faults', 'all operations'],
				results.filter((r) => r.provider === p),
			),
		),
		tally(['TOTAL', '', ''], results),
	];
	const header: Tally = {
		label: ['provider', 'fault', 'operation'],
		counts: [],
		note: 'what the user got',
	};
	const widths = [0, 1, 2].map((i) =>
		Math.max(...[header, ...rows, ...totals].map((t) => t.label[i].length)),
	);
	const countWidths = COLUMNS.map((c) => c.length);
	const line = (t: Tally, cells: string[]) =>
		`| ${t.label.map((l, i) => l.padEnd(widths[i])).join(' | ')} | ${cells.map((c, i) => c.padStart(countWidths[i])).join(' | ')} |${t.note ? ` ${t.note}` : ''}`;
	const rule = `|${[...widths, ...countWidths].map((w) => '-'.repeat(w + 2)).join('|')}|`;
	const body = (t: Tally) =>
		line(
			t,
			t.counts.map((n, i) => (i > 0 && n === 0 ? '.' : String(n))),
		);
	return [
		`Fault catalogue: ${results.length} cases, ${(elapsedMs / 1000).toFixed(1)} s`,
		line(header, [...COLUMNS]),
		rule,
		...rows.map(body),
		rule,
		...totals.map(body),
		'',
	].join('\n');
}
