/**
 * Staff of the organisations: their roles, what each role may do, and which aanvragen an
 * organisation sees. Visibility follows the same rule as sending messages (takesPart in
 * authorization.ts): the grid operators of its opdrachten, the contractors and the
 * combi-organisatie of its combi area, and the platform. Pure: the store turns a scope into SQL.
 */
import type { Directory, OrgKind } from './authorization.ts';

export const STAFF_ROLES = ['viewer', 'planner', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  viewer: 'Meekijker',
  planner: 'Planner',
  admin: 'Beheerder',
};

export const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  viewer: 'ziet de aanvragen en dashboards van de organisatie',
  planner: 'legt daarnaast contactmomenten, planning en stagnatie vast',
  admin: 'beheert daarnaast de medewerkers en API-sleutels van de organisatie',
};

export type StaffAction = 'view' | 'act' | 'manage';
const RANK: Record<StaffRole, number> = { viewer: 0, planner: 1, admin: 2 };
const NEEDED: Record<StaffAction, StaffRole> = { view: 'viewer', act: 'planner', manage: 'admin' };

/** Roles are ordered: a planner may all a viewer may, an admin all a planner may. */
export function may(role: StaffRole, action: StaffAction): boolean {
  return RANK[role] >= RANK[NEEDED[action]];
}

/**
 * Content editors (/beheer/teksten, decision 0036): the texts in content/ are the same for every
 * organisation, so only the platform's planners and admins propose changes to them.
 */
export function mayProposeTexts(member: { role: StaffRole; organisation: { kind: OrgKind } }): boolean {
  return member.organisation.kind === 'platform' && may(member.role, 'act');
}

/** The signed-in staff member as pages and routes know them. */
export type StaffMember = {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  organisation: { code: string; name: string; kind: OrgKind };
};

/**
 * Which aanvragen an organisation sees: every one (the platform), or those in `combis` (the
 * combi areas it coordinates or works in as contractor) plus those with an opdracht of
 * `gridOperator`.
 */
export type Scope = { all: true } | { all: false; combis: readonly string[]; gridOperator: string | undefined };

/** The scope of an organisation, from the combis in the directory. */
export function scopeOf(org: { code: string; kind: OrgKind }, combis: readonly string[], dir: Directory): Scope {
  if (org.kind === 'platform') return { all: true };
  const own = combis.filter((code) => {
    const combi = dir.combi(code);
    return !!combi && (combi.organisation === org.code || (org.kind === 'aannemer' && combi.members.has(org.code)));
  });
  return { all: false, combis: own, gridOperator: org.kind === 'netbeheerder' ? org.code : undefined };
}

/** Whether an aanvraag with this combi and these grid operators is in the scope (the same rule as takesPart). */
export function inScope(scope: Scope, combi: string | undefined, gridOperators: readonly string[]): boolean {
  if (scope.all) return true;
  return (!!combi && scope.combis.includes(combi)) || (!!scope.gridOperator && gridOperators.includes(scope.gridOperator));
}

/**
 * Quality samples (/beheer/steekproeven, decision 0039): the combi-organisaties and grid operators
 * judge the contact moments of the aanvragen they see. Viewers read the samples and reports;
 * drawing one and recording verdicts is a planner's work.
 */
export function maySample(member: { role: StaffRole; organisation: { kind: OrgKind } }, action: 'view' | 'act'): boolean {
  return (member.organisation.kind === 'combi' || member.organisation.kind === 'netbeheerder') && may(member.role, action);
}

/**
 * Klantenpanels (/beheer/klantenpanels, issue 16.2): a combi-organisatie organises them for its own
 * combi areas, the platform for all. Viewers read the frequent applicants and the panels;
 * planning, inviting and sharing are a planner's work.
 */
export function mayOrganisePanels(member: { role: StaffRole; organisation: { kind: OrgKind } }, action: 'view' | 'act'): boolean {
  return (member.organisation.kind === 'combi' || member.organisation.kind === 'platform') && may(member.role, action);
}
