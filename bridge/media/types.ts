/** What a provider's adapter says about its media links (bridge/providers/<id>/media.ts). */
export interface ProviderMedia {
	/**
	 * Whether a link on the credential's own Base URL origin (scheme, host and port) is fetched with the
	 * credential's authentication. A link anywhere else never gets it.
	 */
	credentialOnOwnHost: boolean;
	/** How long the provider keeps media, told with an expired or refused link; null when undocumented. */
	retention: string | null;
	/** Why one of its media messages may have no link, told when one has none. */
	missingLink: string;
}

/** One GET of a media link. */
export interface MediaRequest {
	url: string;
	/** Send the credential's authentication (only ever true for the provider's own origin). */
	withCredential: boolean;
}

/** What a media link answered; `body` holds at most the size limit (`tooLarge` when there was more). */
export interface MediaResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	tooLarge: boolean;
}

/** The file to put into the item's binary property. */
export interface MediaFile {
	fileName: string;
	mimeType: string;
}
