/**
 * The host's last line of defence: an exception or rejection that escaped every handler is logged
 * with its stack and the process keeps serving. Request handlers answer their own errors (4xx for
 * bad input, 500 for bugs); this only catches what has no request to answer.
 */
export function installCrashPolicy(log: (msg: string) => void): () => void {
  const onException = (e: unknown): void => log(`uncaught exception (the host keeps running): ${(e as Error)?.stack ?? String(e)}`);
  const onRejection = (e: unknown): void => log(`unhandled rejection (the host keeps running): ${(e as Error)?.stack ?? String(e)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
