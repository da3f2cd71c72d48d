// node:assert/strict for the web worker suite: the npm port of Node's assert (the same API), strict mode.
module.exports = require('assert').strict;
