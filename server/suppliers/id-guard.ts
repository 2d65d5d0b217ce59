import type { RequestHandler } from 'express';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/suppliers/:id…` routes step aside for anything that is not an id, so paths other
 * features mount under /suppliers (the import pages) still reach their own router.
 */
export const isId: RequestHandler = (req, _res, next) => next(UUID.test(String(req.params.id)) ? undefined : 'route');
