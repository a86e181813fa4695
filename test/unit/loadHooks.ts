// Mocha root hooks: in the load mode (INCIDENT_RUNBOOK_LOAD=1, see test/harness/load.ts) the unit tests
// run with the CPU hog beside them too.
import { startLoad, stopLoad } from '../harness/load';

export const mochaHooks = {
  beforeAll(): void {
    startLoad(10 * 60_000);
  },
  afterAll(): void {
    stopLoad();
  },
};
