// Shapes of device records as the Devices pages show them, shared by server queries and components.
import type { DeviceAddress } from "@/lib/devices/addresses";

// One row of the device list.
export interface DeviceListRow {
  id: string;
  installationId: string;
  platform: string;
  // Every push address with its status, in the order first registered (the list leaves tokens out).
  addresses: Omit<DeviceAddress, "token">[];
  brand: string | null;
  maker: string | null;
  tags: string[];
  locale: string | null;
  timezone: string | null;
  appVersion: string | null;
  lastActiveAt: Date;
  status: string;
  isTest: boolean;
}

// Everything the details view shows about one device.
export interface DeviceDetail extends Omit<DeviceListRow, "addresses"> {
  addresses: DeviceAddress[];
  appId: string;
  createdAt: Date;
  updatedAt: Date;
  // The device's phone number for SMS signals, masked (the number itself never leaves the server).
  phoneNumber?: DevicePhoneNumber | null;
}

// What the console shows of a device's phone number.
export interface DevicePhoneNumber {
  masked: string;
  country: string;
  consentAt: Date;
  optedOutAt: Date | null;
}
