import type { ProviderMedia } from '../../media/types';
import { identity } from './identity';

/**
 * §1.4.3 [SRC], §1.8: `media.url` is WAHA's file link. [ASSUMPTION] WAHA serves it (`/api/files/…`) behind
 * the same API key when it is on the engine's host; a link elsewhere is fetched without it.
 */
export const media: ProviderMedia = {
	credentialOnOwnHost: true,
	retention: null,
	missingLink: `${identity.displayName} marked the message as media (hasMedia) but sent no media.url.`,
};
