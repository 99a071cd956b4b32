/**
 * The simulated world's time. It starts just after the seeded history ends (so a seeded conversation's 24-hour
 * window is open, and new messages sort after the seeded ones) and then runs at real speed; tests may jump it
 * forward to close windows. Every provider of one simulator shares it.
 */
export class SimClock {
	private offsetMs: number;

	constructor(
		startAt: number,
		private readonly realNow: () => number = Date.now,
	) {
		this.offsetMs = startAt - realNow();
	}

	now(): number {
		return this.realNow() + this.offsetMs;
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}
}

/** ISO-8601 with milliseconds (`2026-03-17T14:20:00.000Z`). */
export function isoMillis(epochMs: number): string {
	return new Date(epochMs).toISOString();
}

/** RFC 3339 UTC without fractions (`2026-03-17T14:20:00Z`), as Vobiz writes it (docs/providers.md §2.6). */
export function rfc3339(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function unixSeconds(epochMs: number): number {
	return Math.floor(epochMs / 1000);
}
