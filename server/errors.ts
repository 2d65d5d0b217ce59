/**
 * Typed domain errors. Services throw these; one error middleware maps them to a
 * status code and an HTML page or a JSON problem body. Messages are i18n keys.
 */
export interface FieldIssue {
  field?: string;
  row?: number;
  key: string;
  params?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
    this.name = new.target.name;
  }
}

/** Also used for "not yours": never reveal that another tenant's record exists. */
export class NotFound extends DomainError {
  constructor(key = 'errors.notFound', params: Record<string, unknown> = {}) {
    super(404, key, params);
  }
}

export class Forbidden extends DomainError {
  constructor(key = 'errors.forbidden', params: Record<string, unknown> = {}) {
    super(403, key, params);
  }
}

export class Unauthorized extends DomainError {
  constructor(key = 'errors.unauthorized') {
    super(401, key);
  }
}

export class Conflict extends DomainError {
  constructor(key: string, params: Record<string, unknown> = {}) {
    super(409, key, params);
  }
}

export class ValidationFailed extends DomainError {
  constructor(
    readonly issues: FieldIssue[],
    key = 'errors.validation',
    status = 422,
  ) {
    super(status, key, { count: issues.length });
  }
}

/**
 * Runs several field checks and reports every failure together (each names its field), so a
 * form with two bad fields says so at once instead of one per submission.
 */
export function fieldIssues() {
  const issues: FieldIssue[] = [];
  return {
    async attempt<T>(check: () => Promise<T>): Promise<T | null> {
      try {
        return await check();
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        issues.push(...e.issues);
        return null;
      }
    },
    throwIfAny(): void {
      if (issues.length) throw new ValidationFailed(issues);
    },
  };
}

/** Input that cannot be read at all (a NUL byte, a number past any range): 400, naming the field. */
export class MalformedInput extends ValidationFailed {
  constructor(issues: FieldIssue[], key = 'errors.malformedInput') {
    super(issues, key, 400);
  }
}

export class TooManyRequests extends DomainError {
  constructor(key = 'errors.tooManyRequests') {
    super(429, key);
  }
}
