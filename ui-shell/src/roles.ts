/** Plain-English names for the roles the service hands out. Unknown roles are spelt out from their id. */
const roleNames: Record<string, string> = {
  'business-unit': 'Business Unit staff',
  'business-unit-manager': 'Business Unit manager',
  'engine-room': 'Engine Room member',
  'engine-room-member': 'Engine Room member',
  'engine-room-chair': 'Engine Room chair',
  executive: 'Executive member',
  'executive-member': 'Executive member',
  'development-manager': 'Development Manager',
  'safeguarding-partner': 'Safeguarding Partner',
  'lead-safeguarding-partner': 'Lead Safeguarding Partner',
  'delegated-safeguarding-partner': 'Delegated Safeguarding Partner',
  'agency-lead': 'agency lead',
  'agency-safeguarding-lead': 'agency safeguarding lead',
  practitioner: 'practitioner',
  admin: 'administrator',
  administrator: 'administrator',
};

function normalise(role: string): string {
  return role
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[\s_.:]+/g, '-')
    .toLowerCase();
}

export function describeRole(role: string): string {
  const key = normalise(role);
  return roleNames[key] ?? key.split('-').filter(Boolean).join(' ');
}

/** "Business Unit staff, Engine Room member and practitioner". */
export function describeRoles(roles: readonly string[]): string {
  const names = [...new Set(roles.map(describeRole).filter(Boolean))];
  if (names.length === 0) return 'no Pathways roles yet';
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
