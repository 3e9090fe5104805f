// The OpenAPI document (generated from the zod schemas) stays in step with the routes and the schemas.
import { describe, expect, it } from "vitest";
import { deviceEventSchema, eventBatchSchema } from "@/server/analytics/events-schema";
import { openApiDocument, openApiExamples } from "@/server/device-api/openapi";
import { problemBase, problemTypes } from "@/server/device-api/problem";
import { apiPrefix, apiRoutes } from "@/server/device-api/routes";
import { patchTagsSchema, publicDeviceSchema, registerDeviceSchema } from "@/server/device-api/device-schema";

const documented = openApiDocument.paths as Record<string, Record<string, unknown>>;
type ObjectSchema = { properties: Record<string, { enum?: string[] }>; required?: string[] };
const schemas = openApiDocument.components.schemas as Record<string, ObjectSchema>;

describe("openApiDocument", () => {
  it("describes every route of the router with each of its methods", () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(4);
    for (const route of apiRoutes) {
      const described = documented[apiPrefix + route.path];
      expect(described, `${route.path} is missing from the OpenAPI document`).toBeDefined();
      for (const method of Object.keys(route.methods))
        expect(described[method.toLowerCase()], `${method} ${route.path} is missing`).toBeDefined();
    }
  });

  it("documents no path or method the router does not serve", () => {
    for (const [path, operations] of Object.entries(documented)) {
      const route = apiRoutes.find((r) => apiPrefix + r.path === path)!;
      expect(route, path).toBeDefined();
      for (const method of Object.keys(operations).filter((k) =>
        ["get", "post", "put", "patch", "delete"].includes(k),
      )) {
        expect(route.methods[method.toUpperCase() as keyof typeof route.methods], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it("has request examples that the zod schemas accept", () => {
    const paths = openApiDocument.paths;
    const registerExamples = paths["/api/v1/devices"].post.requestBody.content["application/json"].examples ?? {};
    const patchExamples =
      paths["/api/v1/devices/{installationId}/tags"].patch.requestBody.content["application/json"].examples ?? {};
    expect(Object.keys(registerExamples).length).toBeGreaterThan(0);
    for (const example of Object.values(registerExamples))
      expect(registerDeviceSchema.safeParse(example.value).success).toBe(true);
    for (const example of Object.values(patchExamples))
      expect(patchTagsSchema.safeParse(example.value).success).toBe(true);
    expect(registerDeviceSchema.safeParse(openApiExamples.register).success).toBe(true);
    const eventExamples = paths["/api/v1/events"].post.requestBody.content["application/json"].examples ?? {};
    expect(Object.keys(eventExamples).length).toBeGreaterThan(0);
    for (const example of Object.values(eventExamples)) {
      expect(eventBatchSchema.safeParse(example.value).success).toBe(true);
      for (const event of (example.value as { events: unknown[] }).events)
        expect(deviceEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
    }
  });

  it("is OpenAPI 3.1 with both key schemes and every problem type", () => {
    expect(openApiDocument.openapi).toBe("3.1.0");
    expect(Object.keys(openApiDocument.components.securitySchemes)).toEqual(["bearerKey", "headerKey"]);
    const types = schemas.Problem.properties.type.enum ?? [];
    expect([...types].sort()).toEqual(
      Object.keys(problemTypes)
        .map((slug) => problemBase + slug)
        .sort(),
    );
    const post = openApiDocument.paths["/api/v1/devices"].post.responses;
    expect(Object.keys(post["429"].headers)).toEqual(
      expect.arrayContaining(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining"]),
    );
  });

  it("describes each body with exactly the fields its zod schema has", () => {
    const pairs = [
      ["RegisterDevice", registerDeviceSchema.in.shape],
      ["PatchTags", patchTagsSchema.shape],
      ["DeviceEvent", deviceEventSchema.shape],
      ["Device", publicDeviceSchema.shape],
    ] as const;
    for (const [name, shape] of pairs)
      expect(Object.keys(schemas[name].properties).sort(), name).toEqual(Object.keys(shape).sort());
    expect(schemas.RegisterDevice.required).toEqual(["installationId", "platform"]);
    const inbox = openApiDocument.paths["/api/v1/devices/{installationId}/inbox"].get.parameters.map((p) => p.name);
    expect(inbox).toEqual(["after", "limit", "wait", "If-None-Match"]);
  });
});
