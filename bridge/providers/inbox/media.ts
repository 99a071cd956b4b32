import type { ProviderMedia } from '../../media/types';

/**
 * §4.3.1 [GIVEN]: `content.url`, on a CDN in the documented examples (`https://cdn.example.com/media/…`).
 * [ASSUMPTION] a link on the API's own origin wants its Bearer key; a CDN link is fetched without it.
 */
export const media: ProviderMedia = {
	credentialOnOwnHost: true,
	retention: null,
	missingLink: 'The inbox API sent no content.url for this media message.',
};
