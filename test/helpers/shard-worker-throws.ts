/** A shard build worker that crashes (uncaught exception) on its first batch: for the failure tests of addInWorkers. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request: { type: string }) => {
  if (request.type === 'batch') throw new Error('disk on fire');
});
