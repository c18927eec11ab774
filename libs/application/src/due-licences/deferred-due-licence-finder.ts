import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { CalendarDate } from '@ledger/domain';
import { DueLicenceFinder } from './due-licence-finder';

/**
 * The daily run's finder, provided by another module of the app: the read models' index
 * (ReadModelDueLicenceFinder) lives in a module that itself needs this module's event store, so it
 * cannot be imported here without a cycle. This finder looks it up in the whole application when a
 * run starts (ModuleRef, non-strict), by which time every module is instantiated.
 */
export class DeferredDueLicenceFinder extends DueLicenceFinder {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly finderType: Type<DueLicenceFinder>,
  ) {
    super();
  }

  findDue(asOf: CalendarDate): AsyncIterable<string> {
    return this.moduleRef.get(this.finderType, { strict: false }).findDue(asOf);
  }
}
