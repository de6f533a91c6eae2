// Server room: process entry of the language server (stdio, IPC or socket, chosen by the client's argv).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
