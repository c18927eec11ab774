import { CancelledError, StreamNotFoundError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';

/** gRPC status codes the client can leave unconverted (it does not convert every path). */
const GRPC_CANCELLED = 1;
const GRPC_UNAVAILABLE = 14;

const grpcCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/**
 * The server is down or went away: the client says so with UnavailableError, with CancelledError
 * when the server cancels a call as it stops, or with a raw gRPC error of code 14 on some paths
 * (a command sent while the connection is being re-established). A cancellation by this client
 * (stop, close) is not one of them and never reaches here: the client swallows it.
 */
export function isUnavailable(error: unknown): boolean {
  const code = grpcCode(error);
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    code === GRPC_UNAVAILABLE ||
    code === GRPC_CANCELLED
  );
}

export const isStreamNotFound = (error: unknown): boolean => error instanceof StreamNotFoundError;

/** Rethrows an unavailable server as the port's retriable error; anything else as it is. */
export function translateError(operation: string, error: unknown): never {
  if (isUnavailable(error)) throw new EventStoreUnavailableError(operation, { cause: error });
  throw error;
}
