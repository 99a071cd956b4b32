// After `npm run build`: every node, credential and icon the package.json "n8n" block names must be in dist/,
// and the package must have no runtime dependencies (docs/contract.md "Package").
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const pkg = require(join(root, 'package.json'));
const problems = [];

if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
	problems.push(
		`package.json has runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`,
	);
}
if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
	problems.push('peerDependencies must be exactly { "n8n-workflow": "*" }');
}

for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	const path = join(root, file);
	if (!existsSync(path)) {
		problems.push(`missing ${file}`);
		continue;
	}
	const exported = Object.values(require(path));
	for (const Type of exported) {
		const instance = new Type();
		const description = instance.description ?? instance;
		const icons =
			typeof description.icon === 'object' ? Object.values(description.icon) : [description.icon];
		for (const icon of icons.filter(Boolean)) {
			const iconPath = join(dirname(path), String(icon).replace(/^file:/, ''));
			if (!existsSync(iconPath)) problems.push(`${file}: icon ${icon} is not in dist/`);
		}
	}
}

if (problems.length) {
	console.error(`Package check failed:\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.log(
	`Package check: ${pkg.n8n.nodes.length} nodes, ${pkg.n8n.credentials.length} credentials and their icons are in dist/; no runtime dependencies.`,
);
