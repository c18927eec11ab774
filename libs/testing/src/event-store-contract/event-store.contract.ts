import { afterEach, beforeEach, describe } from '@jest/globals';
import type { EventStore } from '@ledger/event-store';
import { appendContract } from './append.contract';
import { concurrencyContract } from './concurrency.contract';
import {
  contractUpcasters,
  type ContractContext,
  type EventStoreContractCapabilities,
  type EventStoreContractFactory,
  type EventStoreContractFixture,
} from './contract-fixture';
import { globalLogContract } from './global-log.contract';
import { subscriptionContract } from './subscription.contract';
import { upcastingContract } from './upcasting.contract';

/**
 * The one contract every EventStore adapter passes (CONVENTIONS 4 and 8). The factory runs before
 * each test and must build its store with the upcasters it is given. Tests use unique stream ids and
 * positions relative to the head they start from, so the suite also runs on a shared server.
 */
export function describeEventStoreContract(
  name: string,
  factory: EventStoreContractFactory,
  capabilities: EventStoreContractCapabilities = {},
): void {
  describe(`${name} honours the EventStore contract`, () => {
    let fixture: EventStoreContractFixture | undefined;
    // Openings, not stores: a test that times out mid-opening must still have its stores closed,
    // or child processes outlive the run.
    let opened: Promise<EventStore>[] = [];

    beforeEach(async () => {
      fixture = await factory({ upcasters: contractUpcasters() });
    });

    afterEach(async () => {
      const toClose = await Promise.allSettled(opened);
      opened = [];
      await Promise.all(
        toClose.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
      );
      await fixture?.cleanup();
      fixture = undefined;
    });

    const context: ContractContext = {
      capabilities: {
        densePositions: false,
        anotherConnection: false,
        anotherProcess: false,
        uniqueEventIdsAcrossStreams: false,
        ...capabilities,
      },
      store: () => {
        if (!fixture) throw new Error('The store is only available inside a test.');
        return fixture.store;
      },
      open: async (where) => {
        const opener = where === 'another-connection' ? fixture?.openAnother : fixture?.openInAnotherProcess;
        if (!opener) throw new Error(`The capability ${where} is declared but the fixture cannot open it.`);
        const opening = opener();
        opened.push(opening);
        return opening;
      },
    };

    appendContract(context);
    globalLogContract(context);
    upcastingContract(context);
    subscriptionContract(context);
    concurrencyContract(context);
  });
}
