import { dirname, join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';

/**
 * The protocol the double serves is the one the client speaks: the service definitions and message
 * classes `@eventstore/db-client` ships in its `generated/` folder, and the `google-protobuf` that
 * folder itself resolves. They are loaded by path from the client's own package directory, never
 * from a copy of ours: the generated serialisers check `instanceof` against their own classes, and
 * a second copy of a class fails that check at run time.
 */
const CLIENT_DIR = dirname(require.resolve('@eventstore/db-client/package.json'));
const GENERATED_DIR = join(CLIENT_DIR, 'generated');

// Plain `require` by absolute path on purpose: under jest it goes through the same module registry
// as the client's own requires, so both get the very same class objects.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = <T>(file: string): T => require(join(GENERATED_DIR, file)) as T;
const googleProtobuf = <T>(file: string): T =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve(`google-protobuf/google/protobuf/${file}`, { paths: [GENERATED_DIR] })) as T;

/** Just what the double uses of google.protobuf.Any and Empty (no type package of ours). */
export interface AnyMessage {
  pack(serialized: Uint8Array, name: string): void;
}
type GoogleEmpty = NonNullable<Parameters<SharedPb.WrongExpectedVersion['setCurrentNoStream']>[0]>;
type GoogleAny = NonNullable<ReturnType<StatusPb.Status['getDetails']>>;

export const streamsPb = generated<typeof StreamsPb>('streams_pb.js');
export const sharedPb = generated<typeof SharedPb>('shared_pb.js');
export const statusPb = generated<typeof StatusPb>('status_pb.js');
export const serverFeaturesPb = generated<typeof ServerFeaturesPb>('serverfeatures_pb.js');
export const streamsService = generated<{ StreamsService: grpc.ServiceDefinition }>(
  'streams_grpc_pb.js',
).StreamsService;
export const serverFeaturesService = generated<{ ServerFeaturesService: grpc.ServiceDefinition }>(
  'serverfeatures_grpc_pb.js',
).ServerFeaturesService;

const anyPb = googleProtobuf<{ Any: new () => AnyMessage & GoogleAny }>('any_pb.js');
const emptyPb = googleProtobuf<{ Empty: new () => GoogleEmpty }>('empty_pb.js');

/** google.protobuf.Any packing `message` under its full protobuf name. */
export function packAny(serialized: Uint8Array, typeName: string): GoogleAny {
  const any = new anyPb.Any();
  any.pack(serialized, typeName);
  return any;
}

/** google.protobuf.Empty, which BatchAppend and the shared WrongExpectedVersion use. */
export const googleEmpty = (): GoogleEmpty => new emptyPb.Empty();

/** event_store.client.Empty, which Append and Read use. */
export const sharedEmpty = (): SharedPb.Empty => new sharedPb.Empty();
