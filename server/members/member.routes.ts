import { Router, type Request, type Response } from 'express';
import type { MemberService } from './member.service.ts';
import { acceptSchema, changeRoleSchema, inviteSchema } from './member.schema.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';

export function memberRoutes(deps: { members: MemberService }): Router {
  const { members } = deps;
  const r = Router();

  async function renderList(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const data = await members.list(actorOf(req));
    res.render('members/index', { title: req.t('members.title'), roleOptions: ['owner', 'admin', 'analyst', 'viewer', 'auditor'], ...data, ...extra });
  }

  r.get('/settings/members', requireActor, requirePermission('members.read'), (req, res) => renderList(req, res));

  r.post('/settings/members/invite', requireActor, requirePermission('members.manage'), async (req, res) => {
    try {
      const input = parseInput(inviteSchema, req.body);
      await members.invite(actorOf(req), input, req.locale);
      flash(req, 'success', 'members.invited', { email: input.email });
      res.redirect('/settings/members');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderList(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body });
    }
  });

  r.post('/settings/members/:userId/role', requireActor, requirePermission('members.manage'), async (req, res) => {
    const input = parseInput(changeRoleSchema, req.body);
    await members.changeRole(actorOf(req), uuidParam(req.params.userId), input);
    flash(req, 'success', 'members.roleChanged');
    res.redirect('/settings/members');
  });

  r.post('/settings/members/:userId/remove', requireActor, requirePermission('members.manage'), async (req, res) => {
    await members.remove(actorOf(req), uuidParam(req.params.userId));
    flash(req, 'success', 'members.removed');
    res.redirect('/settings/members');
  });

  r.post('/settings/invitations/:id/revoke', requireActor, requirePermission('members.manage'), async (req, res) => {
    await members.revokeInvitation(actorOf(req), uuidParam(req.params.id));
    flash(req, 'success', 'members.invitationRevoked');
    res.redirect('/settings/members');
  });

  r.get('/invitations/:token', async (req, res) => {
    const { invitation, hasAccount } = await members.openInvitation(req.params.token);
    res.render('members/accept', {
      title: req.t('members.accept.title'), invitation, hasAccount, token: req.params.token, bare: true,
      signedInAsInvited: req.user?.email.toLowerCase() === invitation.email.toLowerCase(),
    });
  });

  r.post('/invitations/:token', async (req, res, next) => {
    try {
      const body = req.body ?? {};
      const newAccount = req.user ? null : parseInput(acceptSchema, body);
      const { user, orgId } = await members.accept(req.params.token, req.user, newAccount, req.locale);
      req.login(user, (err) => {
        if (err) return next(err);
        req.session.orgId = orgId;
        flash(req, 'success', 'members.accept.done');
        res.redirect('/');
      });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const { invitation, hasAccount } = await members.openInvitation(req.params.token);
      res.status(422).render('members/accept', {
        title: req.t('members.accept.title'), invitation, hasAccount, token: req.params.token, bare: true,
        issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body,
      });
    }
  });

  return r;
}
