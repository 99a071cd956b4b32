import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PROVIDER_IDS, PROVIDERS } from '../../bridge/providers';

/**
 * docs/architecture.md "Adding a provider": the files of the shipped code a provider touches outside its own
 * folder, worked out from the four there are. A file that starts naming one provider (its id as a string,
 * an import of its folder) fails this test until the document says why; the list in the document is the
 * one a maintainer follows.
 */

const ROOT = join(__dirname, '..', '..');
const SHIPPED = ['bridge', 'nodes', 'credentials'];

function filesUnder(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const path = join(dir, name);
		return statSync(join(ROOT, path)).isDirectory()
			? filesUnder(path)
			: path.endsWith('.ts')
				? [path]
				: [];
	});
}

const shipped = SHIPPED.flatMap(filesUnder).map((file) => ({
	file,
	text: readFileSync(join(ROOT, file), 'utf8'),
}));

/** The credential class file of a provider, found by the credential type it names. */
function credentialFile(id: string): string {
	const found = shipped.filter(
		({ file, text }) =>
			file.startsWith('credentials/') && text.includes(`credentialIdentity('${id}')`),
	);
	expect(found).toHaveLength(1);
	return found[0].file;
}

function filesNaming(id: string): string[] {
	const naming = new RegExp(`['"]${id}['"]|providers/${id}['/]|\\{ ${id} \\}`);
	return shipped
		.filter(({ file, text }) => !file.startsWith(`bridge/providers/${id}/`) && naming.test(text))
		.map(({ file }) => file)
		.sort();
}

/** The documented list, with `<id>` and `<Credential>` filled in for one provider. */
function documentedFiles(id: string): string[] {
	const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
	const section = doc.slice(
		doc.indexOf('<!-- provider-files -->'),
		doc.indexOf('<!-- /provider-files -->'),
	);
	return [...section.matchAll(/^- `([^`]+)`/gm)]
		.map((m) =>
			m[1]
				.replace('<id>', id)
				.replace(
					'<Credential>',
					relative('credentials', credentialFile(id)).replace('.credentials.ts', ''),
				),
		)
		.filter(
			(file) =>
				!file.endsWith('/') &&
				SHIPPED.some((dir) => file.startsWith(`${dir}/`)) &&
				!(file.includes('properties.ts') && id !== PROVIDER_IDS[0]),
		)
		.sort();
}

describe('the files a provider touches outside its folder (docs/architecture.md "Adding a provider")', () => {
	it.each(PROVIDER_IDS)('%s: exactly the documented ones', (id) => {
		const touched = filesNaming(id);
		console.log(`${PROVIDERS[id].displayName}: ${touched.join(', ')}`);
		expect(touched).toEqual(documentedFiles(id));
	});

	it('no node file names a provider', () => {
		for (const id of PROVIDER_IDS)
			expect(filesNaming(id).filter((file) => file.startsWith('nodes/'))).toEqual([]);
	});
});
