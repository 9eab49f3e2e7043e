/**
 * The directory (organisations and combi areas) as every store keeps it in memory, built from the
 * rows of either database, so both answer `organisation()` and `combi()` alike.
 */
import type { OrgKind } from '../../domain/authorization.ts';
import type { CombiRecord, OrganisationRecord } from './store.ts';

type OrganisationRow = { id: number; code: string; name: string; kind: OrgKind; phone: string | null; email: string | null };
type CombiRow = { id: number; code: string; name: string; area: string; capoActive: boolean; organisationId: number | null };
type MemberRow = { combiId: number; organisationId: number };

export type DirectoryMaps = {
  orgsByCode: Map<string, OrganisationRecord>;
  orgsById: Map<number, OrganisationRecord>;
  combis: Map<string, CombiRecord & { id: number }>;
  combisById: Map<number, string>;
};

export function directoryFromRows(organisations: OrganisationRow[], combis: CombiRow[], members: MemberRow[]): DirectoryMaps {
  const maps: DirectoryMaps = { orgsByCode: new Map(), orgsById: new Map(), combis: new Map(), combisById: new Map() };
  for (const o of organisations) {
    const record: OrganisationRecord = { id: o.id, code: o.code, name: o.name, kind: o.kind, phone: o.phone, email: o.email };
    maps.orgsByCode.set(o.code, record);
    maps.orgsById.set(o.id, record);
  }
  for (const c of combis) {
    const codes = members.filter((m) => m.combiId === c.id).map((m) => maps.orgsById.get(m.organisationId)?.code);
    maps.combisById.set(c.id, c.code);
    maps.combis.set(c.code, {
      id: c.id,
      code: c.code,
      name: c.name,
      area: c.area,
      capoActive: c.capoActive,
      organisation: c.organisationId ? (maps.orgsById.get(c.organisationId)?.code ?? null) : null,
      members: new Set(codes.filter((x): x is string => !!x)),
    });
  }
  return maps;
}
