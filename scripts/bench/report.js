'use strict';
/* The tables `npm run bench` prints (and writes into docs/benchmarks.md): one per provider, then the checks of issue 10. */

/** Pages read at once where the paging allows it (PAGES_IN_FLIGHT in bridge/pagination/engine.ts). */
const PAGES_IN_FLIGHT = { noxivo: 3, digital99: 3 };

const PROVIDER_TITLES = {
	noxivo: 'Noxivo Engine',
	vobiz: 'Vobiz',
	digital99: '99digital (pages of 50)',
	inbox: 'Inbox API (/api/whatsapp)',
};

const median = (values) => {
	const sorted = values.slice().sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const int = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (ms) => (ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(2));
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const signed = (n) => (Math.round(n) < 0 ? `−${int(-n)}` : `+${int(n)}`);

function summarize(variant, messages) {
	const runs = variant.runs;
	const times = runs.map((r) => r.ms);
	const requests = [...new Set(runs.map((r) => r.requests))].sort((a, b) => a - b);
	const allCorrect = runs.every((r) => r.correct);
	const idsOk = runs.every((r) => r.count === messages && r.unique === messages && r.allKnown);
	const errors = runs.filter((r) => r.error).map((r) => r.error);
	return {
		key: variant.key,
		label: variant.label,
		runs: runs.length,
		ms: median(times),
		min: Math.min(...times),
		max: Math.max(...times),
		requests:
			requests.length === 1
				? String(requests[0])
				: `${requests[0]}–${requests[requests.length - 1]}`,
		requestsMax: requests[requests.length - 1],
		peakRssMb: median(runs.map((r) => r.peakRssMb)),
		heapAfterMb: median(runs.map((r) => r.heapAfterMb)),
		heapHeldMb: median(runs.map((r) => r.heapAfterMb - r.heapBeforeMb)),
		items: [...new Set(runs.map((r) => r.count))].map(int).join(' / '),
		correct: allCorrect
			? 'yes'
			: idsOk
				? 'ids yes, order no (newest page first)'
				: `NO${errors.length ? `: ${errors[0]}` : ''}`,
		allCorrect,
	};
}

function providerTable(provider, sizes) {
	const lines = [
		`### ${PROVIDER_TITLES[provider] ?? provider}`,
		'',
		'| messages | variant | requests | median | spread (min–max) | messages/s | peak RSS | heap after | items out | correct | ours ÷ this (time, heap) |',
		'|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
	];
	for (const size of sizes) {
		const variants = size.providers[provider];
		if (!variants) continue;
		const rows = variants.map((v) => summarize(v, size.messages));
		const ours = rows.find((r) => r.key === 'ours');
		for (const row of rows) {
			const versus =
				row === ours || !ours
					? ''
					: `${ratio(ours.ms, row.ms)}, ${ratio(ours.heapAfterMb, row.heapAfterMb)}`;
			lines.push(
				`| ${int(size.messages)} | ${row.label} | ${row.requests} | ${seconds(row.ms)} s | ${seconds(row.min)}–${seconds(row.max)} s | ${int(size.messages / (row.ms / 1000))} | ${int(row.peakRssMb)} MB | ${int(row.heapAfterMb)} MB (${signed(row.heapHeldMb)}) | ${row.items} | ${row.correct} | ${versus} |`,
			);
		}
	}
	return lines.join('\n');
}

/**
 * What each message adds to the heap, from the heap after at 10k and at 100k messages: n8n's own heap (the
 * larger part of "heap after" at every size) cancels out.
 */
function heapPerMessage(sizes) {
	const small = sizes.find((s) => s.messages === 10_000);
	const large = sizes.find((s) => s.messages === 100_000);
	if (!small || !large) return '';
	const lines = [
		'### Heap held per message',
		'',
		"(heap after at 100,000 − heap after at 10,000) ÷ 90,000, in bytes: what the output items and the run data keep per message, without n8n's own heap.",
		'',
		'| provider | ours | HTTP Request | ours ÷ HTTP Request |',
		'|---|---:|---:|---:|',
	];
	for (const provider of Object.keys(large.providers)) {
		const perMessage = (key) => {
			const at = (size) => size.providers[provider]?.find((v) => v.key === key);
			const [a, b] = [at(small), at(large)];
			if (!a || !b) return undefined;
			const mb = (v, n) => summarize(v, n).heapAfterMb;
			return ((mb(b, large.messages) - mb(a, small.messages)) * 2 ** 20) / 90_000;
		};
		const ours = perMessage('ours');
		const http = perMessage('http100') ?? perMessage('httpDefault');
		if (ours === undefined || http === undefined) continue;
		lines.push(`| ${provider} | ${int(ours)} | ${int(http)} | ${ratio(ours, http)} |`);
	}
	return lines.join('\n') + '\n';
}

/** Issue 10's acceptance points, as measured in this run. */
function checks(sizes) {
	const lines = [
		'### Issue 10 targets, as measured',
		'',
		'| messages | provider | check | target | measured | |',
		'|---:|---|---|---:|---:|---|',
	];
	for (const size of sizes) {
		for (const [provider, variants] of Object.entries(size.providers)) {
			const add = (check, target, value, ok) =>
				lines.push(
					`| ${int(size.messages)} | ${provider} | ${check} | ${target} | ${value} | ${ok ? 'met' : '**not met**'} |`,
				);
			/** ours ÷ theirs at most `limit`. */
			const atMost = (check, limit, ours, theirs) =>
				add(check, `≤ ${limit.toFixed(2)}x`, ratio(ours, theirs), ours <= limit * theirs);
			const rows = Object.fromEntries(variants.map((v) => [v.key, summarize(v, size.messages)]));
			const { ours, http100, httpDefault, raw } = rows;
			if (!ours) continue;
			add(
				'outputs exactly right (every run)',
				'yes',
				ours.allCorrect ? 'yes' : 'no',
				ours.allCorrect,
			);
			if (size.messages >= 100_000 && http100) {
				atMost('ours ÷ HTTP Request limit=100 (time)', 0.8, ours.ms, http100.ms);
				atMost('ours ÷ HTTP Request default page (time)', 0.5, ours.ms, httpDefault.ms);
				atMost('ours ÷ raw loop (time)', 1.4, ours.ms, raw.ms);
				atMost(
					'heap after: ours ÷ HTTP Request limit=100',
					0.75,
					ours.heapAfterMb,
					http100.heapAfterMb,
				);
			}
			if (size.messages >= 100_000) {
				// 99digital's fixed pages of 50 end on an empty page when N is a multiple of 50 (docs/providers.md §3.3.1).
				const pages =
					provider === 'digital99'
						? Math.floor(size.messages / 50) + 1
						: Math.ceil(size.messages / 100);
				const inFlight = PAGES_IN_FLIGHT[provider] ?? 0;
				const target = inFlight ? `≤ ${int(pages)} + ${inFlight} in flight` : `${int(pages)}`;
				add(
					'requests (pages + in flight)',
					target,
					ours.requests,
					ours.requestsMax <= pages + inFlight,
				);
			}
			if (size.messages === 10_000 && raw) atMost('ours ÷ raw loop (time)', 1.6, ours.ms, raw.ms);
		}
	}
	return lines.join('\n');
}

function renderReport(results) {
	const m = results.machine;
	const providers = [...new Set(results.sizes.flatMap((s) => Object.keys(s.providers)))];
	const head = [
		`Measured ${m.date ?? ''} with \`${m.command ?? 'npm run bench'}\` (${m.minutes ?? '?'} min): ${m.cpus}, ${m.memoryGb} GB RAM, ${m.os}; ` +
			`Node ${m.node}, n8n ${m.n8n} (expression engine: ${m.engine}); load average ${m.loadAverage} before, ${m.loadAverageAfter} after (a shared machine: other work ran alongside).`,
		'',
		`Median of ${[...new Set(results.sizes.map((s) => Object.values(s.providers)[0]?.[0]?.runs.length))].join(' / ')} interleaved runs per size. ` +
			"Peak RSS is sampled every 5 ms during the run; heap after is `heapUsed` after a full GC with the run's output (and n8n's run data) still held (in brackets: the change from the heap before the run). " +
			'"ours ÷ this" below 1 means ours is faster / holds less.',
	];
	return [
		...head,
		'',
		...providers.map((p) => providerTable(p, results.sizes) + '\n'),
		heapPerMessage(results.sizes),
		checks(results.sizes),
	].join('\n');
}

module.exports = { renderReport };
