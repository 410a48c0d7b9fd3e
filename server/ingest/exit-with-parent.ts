import { Worker } from 'node:worker_threads';

/**
 * Ends this process once the process that started it has gone, even while its main thread is
 * busy: a workbook parsed for seconds hears no 'disconnect', and a server killed with -9 would
 * leave its parser holding a gigabyte meanwhile. A thread of its own looks every `everyMs` whether
 * the process has been handed to another parent, and kills it if so. Resolves once it watches.
 */
export function exitWithParent(everyMs = 250): Promise<void> {
  // Numbers written into the code: it imports nothing, so it runs alike as a script and as a module.
  const watcher = new Worker(
    `setInterval(() => { if (process.ppid !== ${process.ppid}) process.kill(process.pid, 'SIGKILL'); }, ${Math.round(everyMs)});`,
    { eval: true },
  );
  return new Promise((resolve) => watcher.once('online', () => {
    // Watching, it keeps nothing alive: the process ends as it would without it.
    watcher.unref();
    resolve();
  }));
}
