import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/ToDeviceMessageQueue.js`: the persisted queue of outgoing to-device messages
 * (`MatrixClient.queueToDevice`), which only end-to-end encryption and MatrixRTC use.
 * Safe: the client starts and stops it with the sync loop and asks it to flush when a sync resumes; the real
 * queue then reads pending batches from the store, and matrix-embed's store (in memory) never holds any,
 * because nothing in matrix-embed queues a to-device message (no E2EE, no calls). So starting, stopping and
 * flushing do nothing here; queueing a batch rejects with "not supported" instead of sending it.
 * test/build/sdk-shims.test.ts checks that this class has every public member of the real one.
 */
export class ToDeviceMessageQueue {
  /** Same parameters as the SDK's class (client, logger); neither is needed. */
  constructor(_client?: unknown, _logger?: unknown) {}

  start(): void {}
  stop(): void {}

  async sendQueue(): Promise<void> {}

  async queueBatch(_batch: unknown): Promise<void> {
    throw unsupported('Sending to-device messages');
  }
}
