/** Every timer the simulator sets goes through here, so closing the simulator leaves none behind. */
export class Timers {
	private readonly pending = new Map<NodeJS.Timeout, () => void>();
	private closed = false;

	after(ms: number, run: () => void): void {
		if (this.closed) return;
		const timer = setTimeout(
			() => {
				this.pending.delete(timer);
				run();
			},
			Math.max(0, ms),
		);
		this.pending.set(timer, () => {});
	}

	/** Resolves after `ms`, or at once when the simulator closes. */
	sleep(ms: number): Promise<void> {
		if (this.closed || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(timer);
				resolve();
			}, ms);
			this.pending.set(timer, resolve);
		});
	}

	close(): void {
		this.closed = true;
		for (const [timer, release] of this.pending) {
			clearTimeout(timer);
			release();
		}
		this.pending.clear();
	}
}
