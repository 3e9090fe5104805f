// The permission table says exactly what each role may do.
import { describe, expect, it } from "vitest";
import { allPermissions, can, permissions, roles, type Permission, type Role } from "@/lib/permissions";

const expected: Record<Role, Permission[]> = {
  admin: [...allPermissions],
  editor: [
    "apps.view",
    "devices.view",
    "devices.markTest",
    "analytics.view",
    "campaigns.view",
    "campaigns.news",
    "campaigns.announcement",
  ],
  marketer: [
    "apps.view",
    "devices.view",
    "devices.markTest",
    "analytics.view",
    "campaigns.view",
    "campaigns.promotion",
  ],
  analyst: ["apps.view", "devices.view", "analytics.view", "campaigns.view"],
};

describe("can(user, permission)", () => {
  for (const role of roles) {
    for (const permission of allPermissions) {
      const allowed = expected[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can({ role }, permission)).toBe(allowed);
      });
    }
  }

  it("refuses everything to a disabled user and to nobody", () => {
    for (const permission of allPermissions) {
      expect(can({ role: "admin", disabled: true }, permission)).toBe(false);
      expect(can(null, permission)).toBe(false);
    }
  });

  it("gives admins every permission in the table", () => {
    for (const list of Object.values(permissions)) expect(list).toContain("admin");
  });
});
