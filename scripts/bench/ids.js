'use strict';
/*
 * What a run's output must be, kept as digests: 100,000 ids of each of four providers held in the measuring
 * process would be counted in every variant's heap (about 25 MB at 100k), as if n8n or the node held them.
 */

const { createHash } = require('node:crypto');

const digest = (ids) => createHash('sha256').update(ids.join('\n')).digest('hex');

/** The ids in order (oldest first), and as a set. */
function digestOfIds(ids) {
	return { count: ids.length, inOrder: digest(ids), asSet: digest([...new Set(ids)].sort()) };
}

/**
 * N unique ids, exactly the simulator's, in the simulator's order (oldest first). `allKnown`: the ids are the
 * simulator's, every one of them, whatever their order.
 */
function verify(items, idOf, expected) {
	const ids = items.map(idOf);
	const unique = new Set(ids).size;
	const found = digestOfIds(ids);
	const allKnown = found.asSet === expected.asSet;
	const oldestFirst = found.count === expected.count && found.inOrder === expected.inOrder;
	return {
		count: ids.length,
		unique,
		allKnown,
		oldestFirst,
		correct: ids.length === expected.count && unique === ids.length && allKnown && oldestFirst,
	};
}

module.exports = { digestOfIds, verify };
