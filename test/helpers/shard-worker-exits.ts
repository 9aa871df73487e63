/** A shard build worker that exits with status 3 on its first batch, without a word: for addInWorkers' failure tests. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request: { type: string }) => {
  if (request.type === 'batch') process.exit(3);
});
