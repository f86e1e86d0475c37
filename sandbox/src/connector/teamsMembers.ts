// Teams roster entries (TeamsChannelAccount shape) for personas.
import type { Persona } from '../tenant/personas';

export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  tenantId: string;
  userRole: 'user';
}

/** Teams user ids start '29:'; the sandbox derives them from the object id. */
export function teamsUserId(persona: Persona): string {
  return `29:${persona.id}`;
}

export function toTeamsMember(persona: Persona, tenantId: string): TeamsMember {
  const [givenName = persona.displayName, ...rest] = persona.displayName.split(' ');
  return {
    id: teamsUserId(persona),
    name: persona.displayName,
    aadObjectId: persona.id,
    email: persona.mail,
    userPrincipalName: persona.userPrincipalName,
    givenName,
    surname: rest.join(' '),
    tenantId,
    userRole: 'user',
  };
}

/** Teams lets a bot name a member by Teams id, AAD object id or UPN. */
export function findPersona(personas: Persona[], idOrUpn: string): Persona | undefined {
  const key = idOrUpn.toLowerCase();
  return personas.find(
    (p) => teamsUserId(p) === idOrUpn || p.id === key || p.userPrincipalName.toLowerCase() === key,
  );
}
