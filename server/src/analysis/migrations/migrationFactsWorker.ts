// Analysis room: the worker-thread side of a parallel check (see migrationFactsPool.ts). Reads the
// migrations it is sent from disk and answers with their MigrationFacts; the schema replay and the
// schema rules stay on the main thread, which alone knows what ran before each migration.
import { parentPort, workerData } from 'node:worker_threads';
import { readFactsJob, type FactsBatchReply, type FactsBatchRequest, type FactsResult, type FactsWorkerData } from './migrationFactsPool';

const { project } = workerData as FactsWorkerData;

parentPort?.on('message', (request: FactsBatchRequest) => {
  const results: FactsResult[] = request.jobs.map((job) => readFactsJob(project, job));
  // As JSON: one string crosses threads as a copy of its bytes, while a structured clone of the same
  // objects cost the receiving thread more than the parse it saved (measured on the bench shop).
  parentPort?.postMessage({ batch: request.batch, json: JSON.stringify(results) } satisfies FactsBatchReply);
});
