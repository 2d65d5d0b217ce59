import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AuthService } from './auth.service.ts';

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
  p.deserializeUser((id: string, done) => {
    auth
      .findUser(id)
      .then((u) => done(null, u ?? false))
      .catch(done);
  });
  return p as unknown as passport.PassportStatic;
}
