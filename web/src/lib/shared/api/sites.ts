/** Sites: the list, a site's card and the public catalogue. */
import { Type, type Static } from 'typebox';
import { SITE_LEVELS } from '../vocabulary.js';
import { Code, Nullable, Option } from './common.js';

export const SitesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  district: Type.Optional(Code),
  direction: Type.Optional(Code),
});
export type SitesQuery = Static<typeof SitesQuery>;

export const SiteParams = Type.Object({ code: Code });

export const CatalogueQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  district: Type.Optional(Code),
  direction: Type.Optional(Code),
  level: Type.Optional(Type.Enum(Object.keys(SITE_LEVELS))),
});
export type CatalogueQuery = Static<typeof CatalogueQuery>;

/** The public catalogue: what sites publish, nothing about people and no monitoring figures. */
export const CatalogueResponse = Type.Object({
  region: Type.String(),
  /** The day the statuses are in force on (today, or the last day of the data). */
  asOf: Nullable(Type.String()),
  districts: Type.Array(Option),
  directions: Type.Array(Option),
  sites: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.String(),
    direction: Type.String(),
    directionName: Type.String(),
    hostName: Type.String(),
    hostShortName: Type.String(),
    /** The host organization's address and public contacts, as its registry entry gives them. */
    address: Nullable(Type.String()),
    email: Nullable(Type.String()),
    website: Nullable(Type.String()),
    district: Type.String(),
    districtName: Type.String(),
    validUntil: Type.String(),
    events: Type.Array(Type.Object({
      title: Type.String(), heldOn: Type.String(), format: Type.String(), mode: Type.String(), upcoming: Type.Boolean(),
    })),
  })),
}, { additionalProperties: false });
export type CatalogueResponse = Static<typeof CatalogueResponse>;

const SiteFields = {
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  direction: Type.String(),
  directionName: Type.String(),
  hostCode: Type.String(),
  hostName: Type.String(),
  district: Type.String(),
  districtName: Type.String(),
  statusGrantedOn: Type.String(),
  statusValidUntil: Type.String(),
  isPilot: Type.Boolean(),
  isTesting: Type.Boolean(),
};

export const SitesResponse = Type.Object({
  rows: Type.Array(Type.Object({
    ...SiteFields,
    /** The status ended before the day of the data (as the public catalogue counts). */
    expired: Type.Boolean(),
    /** The status begins after the day of the data: no site yet, in no figure. */
    pending: Type.Boolean(),
    events: Type.Integer(),
    trainees: Type.Integer(),
    resources: Type.Integer(),
  })),
});
export type SitesResponse = Static<typeof SitesResponse>;
export type SiteRow = SitesResponse['rows'][number];

export const SiteCardResponse = Type.Object({
  site: Type.Object({ ...SiteFields, hostType: Type.String() }),
  events: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    heldOn: Type.String(),
    format: Type.String(),
    mode: Type.String(),
    planned: Type.Integer(),
    actual: Nullable(Type.Integer()),
    enrolled: Type.Integer(),
  })),
  trainees: Type.Array(Type.Object({
    schoolYear: Type.Integer(),
    enrolled: Type.Integer(),
    attended: Type.Integer(),
    reported: Type.Integer(),
    certified: Type.Integer(),
    distinctTeachers: Type.Integer(),
    fromOtherOrgs: Type.Integer(),
  })),
  resources: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    publishedOn: Type.String(),
    authors: Type.Integer(),
    users: Type.Integer(),
  })),
  reports: Type.Array(Type.Object({
    year: Type.Integer(),
    deadline: Type.String(),
    submittedOn: Nullable(Type.String()),
    status: Type.String(),
    daysLate: Nullable(Type.Integer()),
  })),
});
export type SiteCardResponse = Static<typeof SiteCardResponse>;

export const OrganizationParams = Type.Object({ code: Code });

/** What the data hold about one organization: its sites, applications, teachers and their part, as counts. */
export const OrganizationCardResponse = Type.Object({
  organization: Type.Object({
    code: Type.String(), name: Type.String(), shortName: Type.String(), orgType: Type.String(),
    district: Type.String(), districtName: Type.String(), address: Nullable(Type.String()), website: Nullable(Type.String()),
  }),
  headcounts: Type.Array(Type.Object({ schoolYear: Type.Integer(), teachers: Type.Integer() })),
  sites: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), directionName: Type.String(), level: Type.String(),
    statusGrantedOn: Type.String(), statusValidUntil: Type.String(), isPilot: Type.Boolean(), isTesting: Type.Boolean(),
  })),
  applications: Type.Array(Type.Object({ year: Type.Integer(), directionName: Type.String(), submittedOn: Type.String(), outcome: Type.String() })),
  /** Per school year: distinct teachers in each column, never who they are. */
  activity: Type.Array(Type.Object({
    schoolYear: Type.Integer(), trainees: Type.Integer(), completed: Type.Integer(), certified: Type.Integer(), trainedElsewhere: Type.Integer(),
    authors: Type.Integer(), resourcesAuthored: Type.Integer(), users: Type.Integer(), resourcesUsed: Type.Integer(),
  })),
});
export type OrganizationCardResponse = Static<typeof OrganizationCardResponse>;
