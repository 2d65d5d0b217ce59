import { closeTestDb, testDb } from './db.ts';
import { closeSharedBrowser } from './browser.ts';

// Root hooks (mocha "require"): release the shared database and browser once, after every file ran.
export const mochaHooks = {
  // Migrate the shared database once, up front, with time to spare: on a loaded machine the
  // first test otherwise pays for every migration inside its own 30-second timeout.
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    await testDb();
  },
  async afterAll() {
    await closeSharedBrowser();
    await closeTestDb();
  },
};
