import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AuthService } from './auth.service.ts';
import { contextOf } from './request-context.ts';

/** Local strategy over AuthService.login; the session keeps only the user id. */
export function configurePassport(auth: AuthService): passport.PassportStatic {
  const p = new passport.Passport();
  p.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      auth
        .login(email, password, req.ip ?? null)
        .then((r) => (r.ok ? done(null, r.user) : done(null, false, { message: r.reason })))
        .catch(done);
    }),
  );
  p.serializeUser((user, done) => done(null, user.id));
  // Three parameters: passport then passes the request, whose session read brought the user along.
  p.deserializeUser((req: IncomingMessage, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
    const known = contextOf(req as Request, id);
    if (known) return done(null, known.user);
    auth
      .findUser(id)
      .then((u) => done(null, u ?? false))
      .catch(done);
  });
  return p as unknown as passport.PassportStatic;
}
