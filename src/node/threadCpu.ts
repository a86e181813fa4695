// CPU time of the calling thread, where Node offers it (process.threadCpuUsage: Node ≥ 23.9, which
// the VS Code server's extension host runs on; older hosts lack it). Wall time on a busy 2-core
// machine includes the time the OS gave the core to other processes; this does not.

type ThreadCpuUsage = () => { user: number; system: number };

/** Milliseconds of CPU this thread has used, or undefined where Node cannot say. */
export function threadCpuMs(): number | undefined {
  const usage = (process as unknown as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;
  if (typeof usage !== 'function') {
    return undefined;
  }
  const { user, system } = usage.call(process);
  return (user + system) / 1000;
}
