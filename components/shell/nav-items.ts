// Sidebar entries and the permission each needs. Later capabilities add their pages here.
import type { Permission } from "@/lib/permissions";

export interface NavItem {
  href: string;
  key: string;
  icon: "home" | "campaigns" | "segments" | "analytics" | "apps" | "devices" | "users" | "audit";
  permission?: Permission;
}

export const navItems: NavItem[] = [
  { href: "/", key: "overview", icon: "home" },
  { href: "/campaigns", key: "campaigns", icon: "campaigns", permission: "campaigns.view" },
  { href: "/segments", key: "segments", icon: "segments", permission: "campaigns.view" },
  { href: "/analytics", key: "analytics", icon: "analytics", permission: "analytics.view" },
  { href: "/apps", key: "apps", icon: "apps", permission: "apps.view" },
  { href: "/devices", key: "devices", icon: "devices", permission: "devices.view" },
  { href: "/users", key: "users", icon: "users", permission: "users.view" },
  { href: "/audit", key: "audit", icon: "audit", permission: "audit.view" },
];
