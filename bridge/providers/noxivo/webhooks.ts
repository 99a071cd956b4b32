import type { ProviderWebhooks } from '../../webhooks/types';

/** Incoming webhooks: not built yet (issue 5). */
export const webhooks: ProviderWebhooks = {};
