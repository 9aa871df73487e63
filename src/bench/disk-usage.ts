import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Total size in bytes of the regular files under `dir`, recursively; throws when `dir` cannot be read. */
export async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
