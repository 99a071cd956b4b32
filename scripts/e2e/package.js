'use strict';
/*
 * The package under test as n8n gets it: the e2e cache check, `npm run build`, and `npm pack` unpacked into
 * a folder for N8N_CUSTOM_EXTENSIONS.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { makeTempDir, removeTempDir } = require('./processes');
const setup = require('./setup');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function defaultLog(message) {
	process.stdout.write(`[e2e] ${message}\n`);
}

function elapsed(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------
// The cache and the package under test.

/** The cache paths; throws a readable error when setup has not run. */
function requireSetup() {
	const p = setup.paths();
	if (!setup.isReady(p)) {
		throw new Error(
			`The e2e cache at ${p.root} is not ready (n8n ${setup.PINS.n8n}, Node ${setup.PINS.node.version}). ` +
				'Run `node scripts/e2e/setup.js` first (about 4 minutes and 2.4 GB the first time).',
		);
	}
	return p;
}

/** `npm run build` in the repo (the machine's Node/npm, as a developer runs it). */
function buildPackage({ repoRoot = REPO_ROOT, log = defaultLog } = {}) {
	const started = Date.now();
	log('building the package (npm run build)');
	const result = spawnSync('npm', ['run', 'build', '--silent'], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		throw new Error(
			`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
		);
	}
	log(`built in ${elapsed(started)}`);
}

/**
 * Stages the built package as npm would install it: `npm pack` (honours "files" and the n8n block's dist
 * paths), unpacked to <tmp>/extensions/package. N8N_CUSTOM_EXTENSIONS=<extensionsDir> then loads it.
 * n8n's custom-directory loader loads EVERY *.node.js / *.credentials.js under that folder, while an
 * installed package only registers what its "n8n" block lists: files the block does not list are removed
 * from the staged copy (returned as `unlisted`).
 */
function stagePackage({ repoRoot = REPO_ROOT, log = defaultLog } = {}) {
	const pkgJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	for (const file of [...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])]) {
		if (!fs.existsSync(path.join(repoRoot, file))) {
			throw new Error(
				`${file} (package.json "n8n" block) is not built: run \`npm run build\` first`,
			);
		}
	}
	const dir = makeTempDir('n8n-e2e-package-');
	const packed = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
		{
			cwd: repoRoot,
			encoding: 'utf8',
		},
	);
	if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
	const info = JSON.parse(packed.stdout)[0];
	const extensionsDir = path.join(dir, 'extensions');
	fs.mkdirSync(extensionsDir);
	const untar = spawnSync('tar', ['-xzf', path.join(dir, info.filename), '-C', extensionsDir], {
		encoding: 'utf8',
	});
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	const packageDir = path.join(extensionsDir, 'package');
	// n8n registers an installed package's nodes and credentials from its "n8n" block only, but the
	// custom-directory loader (N8N_CUSTOM_EXTENSIONS) loads every *.node.js / *.credentials.js it finds.
	// Remove the ones the block does not list, so n8n sees what an `npm install` of this package would give.
	const listed = new Set(
		[...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])].map((f) =>
			path.normalize(f),
		),
	);
	const unlisted = info.files
		.map((f) => f.path)
		.filter((f) => /\.(node|credentials)\.js$/.test(f) && !listed.has(path.normalize(f)));
	for (const file of unlisted) fs.rmSync(path.join(packageDir, file));
	log(
		`staged ${info.name}@${info.version} (${info.entryCount} files) in ${extensionsDir}` +
			(unlisted.length ? `; not in the "n8n" block, so not loaded: ${unlisted.join(', ')}` : ''),
	);
	return {
		dir,
		tarball: path.join(dir, info.filename),
		extensionsDir,
		packageDir,
		packageJson: pkgJson,
		files: info.files.map((f) => f.path),
		unlisted,
		dispose: () => removeTempDir(dir),
	};
}

module.exports = { REPO_ROOT, requireSetup, buildPackage, stagePackage, defaultLog, elapsed };
