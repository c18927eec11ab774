import * as grpc from '@grpc/grpc-js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import { appendHandler, batchAppendHandler } from './append-service';
import { serverFeaturesPb, serverFeaturesService, streamsService } from './client-protocol';
import { DoubleLog } from './double-log';
import { type LiveCall, readHandler } from './read-service';

/**
 * What GetSupportedMethods answers. The client asks once per connection and sends every append
 * over BatchAppend when it is listed, over unary Append otherwise (also when the call is
 * UNIMPLEMENTED, as on servers older than 21.10).
 */
export type DoubleServerFeatures = 'batch-append' | 'no-batch-append' | 'unimplemented';

export interface EsdbDoubleOptions {
  serverFeatures?: DoubleServerFeatures;
  /** Clock stamping `created`. */
  now?: () => number;
}

/** How many calls of each kind the double served: proves which path the client took. */
export interface DoubleCallCounts {
  append: number;
  batchAppend: number;
  read: number;
  subscribe: number;
}

const STREAMS_SERVICE = 'event_store.client.streams.Streams';
const SERVER_VERSION = '23.10.0';

/**
 * An in-memory EventStoreDB for tests, speaking the real gRPC protocol on 127.0.0.1 to the real
 * `@eventstore/db-client`: Append, BatchAppend, Read (streams, `$all`, filtered subscriptions to
 * `$all`) and ServerFeatures. It proves the adapter uses the client correctly, not that the server
 * behaves as the double does. `stop()` takes it down like a crashed server (calls in flight fail,
 * new ones cannot connect) and `restart()` brings it back on the same port with the same data.
 */
export class EsdbDouble {
  readonly log: DoubleLog;
  readonly calls: DoubleCallCounts = { append: 0, batchAppend: 0, read: 0, subscribe: 0 };
  private server: grpc.Server | undefined;
  private readonly live = new Set<LiveCall>();
  private boundPort = 0;

  private constructor(private readonly options: EsdbDoubleOptions) {
    this.log = new DoubleLog(options.now);
    // A real log never starts empty: readers must skip system events.
    this.log.appendSystemEvent('$settings', '$settings');
    this.log.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
  }

  /** Listens on 127.0.0.1, on a free port unless one is given. */
  static async start(options: EsdbDoubleOptions = {}, port = 0): Promise<EsdbDouble> {
    const double = new EsdbDouble(options);
    await double.listen(port);
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  get isRunning(): boolean {
    return this.server !== undefined;
  }

  /** Single host, no TLS: the client connects lazily and never asks for gossip. */
  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Down at once, like a crashed server: calls in flight are cut, the port stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.forceShutdown();
  }

  /** Back on the same port, with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.boundPort);
  }

  /** Subscriptions being served now. */
  get liveSubscriptions(): number {
    return this.live.size;
  }

  /** Ends every live subscription normally (no error status), as a server may. */
  endSubscriptions(): void {
    for (const call of [...this.live]) call.end();
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server();
    const count = (kind: keyof DoubleCallCounts) => () => void this.calls[kind]++;
    server.addService(streamsService, {
      read: readHandler({
        log: this.log,
        countRead: count('read'),
        countSubscription: count('subscribe'),
        track: (call) => {
          this.live.add(call);
          return () => this.live.delete(call);
        },
      }),
      append: appendHandler(this.log, count('append')),
      batchAppend: batchAppendHandler(this.log, count('batchAppend')),
      delete: unimplemented('Delete'),
      tombstone: unimplemented('Tombstone'),
    });
    server.addService(serverFeaturesService, {
      getSupportedMethods: (
        _call: grpc.ServerUnaryCall<SharedPb.Empty, ServerFeaturesPb.SupportedMethods>,
        callback: grpc.sendUnaryData<ServerFeaturesPb.SupportedMethods>,
      ) => {
        if (this.options.serverFeatures === 'unimplemented') {
          return callback({ code: grpc.status.UNIMPLEMENTED, details: 'GetSupportedMethods' });
        }
        callback(null, this.supportedMethods());
      },
    });
    this.boundPort = await bind(server, port);
    this.server = server;
  }

  private supportedMethods(): ServerFeaturesPb.SupportedMethods {
    const names = ['Read', 'Append'];
    if ((this.options.serverFeatures ?? 'batch-append') === 'batch-append') names.push('BatchAppend');
    const methods = new serverFeaturesPb.SupportedMethods();
    methods.setEventStoreServerVersion(SERVER_VERSION);
    methods.setMethodsList(
      names.map((name) => {
        const method = new serverFeaturesPb.SupportedMethod();
        method.setServiceName(STREAMS_SERVICE);
        method.setMethodName(name);
        return method;
      }),
    );
    return methods;
  }
}

function unimplemented(name: string) {
  return (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `The double does not serve ${name}.` });
}

/** Binds, retrying briefly: right after a shutdown the same port can still be held for a moment. */
async function bind(server: grpc.Server, port: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
          error ? reject(error) : resolve(bound),
        ),
      );
    } catch (error) {
      if (port === 0 || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
