/** The optional allow-list of addresses deliveries may come from (exact addresses, no ranges). */

/** `::ffff:34.165.99.212` (IPv4 seen through an IPv6 socket) is `34.165.99.212`. */
export function normalizeIp(ip: string): string {
	const trimmed = ip.trim().toLowerCase();
	return trimmed.startsWith('::ffff:') && trimmed.includes('.')
		? trimmed.slice('::ffff:'.length)
		: trimmed;
}

export function parseIpList(text: string): string[] {
	return text
		.split(/[\s,;]+/)
		.filter((part) => part !== '')
		.map(normalizeIp);
}

export function isAllowedSource(sourceIp: string | null, allowed: readonly string[]): boolean {
	if (allowed.length === 0) return true;
	return sourceIp !== null && allowed.includes(normalizeIp(sourceIp));
}
