import { closeTestDb } from './db.ts';

// Root hooks (mocha "require"): release the shared database once, after every file ran.
export const mochaHooks = {
  async afterAll() {
    await closeTestDb();
  },
};
