// Shapes of device records as the Devices pages show them, shared by server queries and components.

// One row of the device list.
export interface DeviceListRow {
  id: string;
  installationId: string;
  platform: string;
  channel: string;
  token: string | null;
  tags: string[];
  locale: string | null;
  timezone: string | null;
  appVersion: string | null;
  lastActiveAt: Date;
  status: string;
  isTest: boolean;
}

// Everything the details view shows about one device.
export interface DeviceDetail extends DeviceListRow {
  appId: string;
  createdAt: Date;
  updatedAt: Date;
}
