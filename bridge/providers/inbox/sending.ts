import type { ProviderSending } from '../../sending/types';

/** Sending and delivery status: not built yet (issue 4). */
export const sending: ProviderSending = {};
