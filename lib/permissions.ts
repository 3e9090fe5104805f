// The one permission table: which role may do what. Used by the server to authorize every action
// and route, and by the UI only to hide controls a user cannot use.
export const roles = ["admin", "editor", "marketer", "analyst"] as const;
export type Role = (typeof roles)[number];

export const permissions = {
  "users.view": ["admin"],
  "users.manage": ["admin"],
  "apps.view": ["admin", "editor", "marketer", "analyst"],
  "apps.manage": ["admin"],
  "credentials.manage": ["admin"],
  "devices.view": ["admin", "editor", "marketer", "analyst"],
  "devices.markTest": ["admin", "editor", "marketer"],
  "audit.view": ["admin"],
  "analytics.view": ["admin", "editor", "marketer", "analyst"],
  "campaigns.view": ["admin", "editor", "marketer", "analyst"],
  "campaigns.news": ["admin", "editor"],
  "campaigns.announcement": ["admin", "editor"],
  "campaigns.promotion": ["admin", "marketer"],
  "campaigns.approve": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;
export const allPermissions = Object.keys(permissions) as Permission[];

export interface Actor {
  role: Role;
  disabled?: boolean;
}

// True when `user` (an enabled staff member) holds `permission`.
export function can(user: Actor | null | undefined, permission: Permission): boolean {
  if (!user || user.disabled) return false;
  return (permissions[permission] as readonly Role[]).includes(user.role);
}
