// The layering CONTRIBUTING.md draws, checked on the sources: which folder of nodes/shared may import
// which. The transport knows no provider; providers know no node, description or action.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const SHARED = path.join(ROOT, 'nodes', 'shared');

const ALLOWED = {
	transport: [],
	common: ['transport'],
	providers: ['transport', 'common'],
	runner: ['common', 'providers/types'],
	descriptions: ['providers', 'runner', 'transport', 'common'],
	actions: ['common', 'providers', 'runner', 'transport', 'descriptions'],
	triggers: ['common', 'providers', 'transport', 'descriptions'],
	nodes: ['actions', 'descriptions', 'providers', 'triggers', 'common', 'runner'],
};

const sources = (dir) =>
	fs.readdirSync(dir, { recursive: true }).filter((file) => file.endsWith('.ts')).map((file) => path.join(dir, file));

/** The layer of a file: its folder under nodes/shared, or "nodes" for a node file. */
function layerOf(file) {
	const relative = path.relative(SHARED, file);
	if (relative.startsWith('..')) return 'nodes';
	return relative.split(path.sep)[0];
}

function importsOf(file) {
	const text = fs.readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)].map((match) => match[1]);
}

const files = [...sources(SHARED), ...fs.readdirSync(path.join(ROOT, 'nodes')).filter((d) => d !== 'shared').flatMap((d) => sources(path.join(ROOT, 'nodes', d)))];

test.each(Object.keys(ALLOWED))('%s imports only the layers below it', (layer) => {
	const wrong = [];
	for (const file of files.filter((f) => layerOf(f) === layer)) {
		for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
			const target = path.resolve(path.dirname(file), specifier);
			const targetLayer = layerOf(target);
			if (targetLayer === layer) continue;
			const inShared = path.relative(SHARED, target).split(path.sep).join('/');
			const ok = ALLOWED[layer].some((allowed) => inShared === allowed || inShared.startsWith(`${allowed}/`) || (allowed === targetLayer && !allowed.includes('/')));
			if (!ok) wrong.push(`${path.relative(ROOT, file)} → ${specifier}`);
		}
	}
	expect(wrong).toEqual([]);
});

test('the transport imports nothing of the package outside transport/, and only n8n-workflow from outside it', () => {
	const transport = files.filter((f) => layerOf(f) === 'transport');
	expect(transport.length).toBeGreaterThan(3);
	const outside = transport.flatMap((file) => importsOf(file).filter((s) => !s.startsWith('./')).map((s) => `${path.basename(file)} → ${s}`));
	expect(outside.filter((line) => !/→ (n8n-workflow|node:\w+|crypto)$/.test(line))).toEqual([]);
});
