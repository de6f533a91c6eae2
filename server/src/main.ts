// Server room: process entry of the language server (stdio, IPC or socket, chosen by the client's argv).
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// V8 learns from the start-up check (thousands of syntax trees alive while each file is analysed) to
// allocate parse results straight in the old generation. Each edit's fresh tree then lands there,
// pointing at young objects, and every young-generation GC has to scan it. Without that pretenuring,
// edits of the bench shop's 2,000-line migration got faster (npm run bench, alternating runs): p50
// 15.5 -> 13.1-14.6 ms, p99 21-24 -> 17-22 ms. `check` gained nothing from it.
setFlagsFromString('--no-allocation-site-pretenuring');

startServer(createConnection(ProposedFeatures.all));
