// The hand-written OpenAPI document stays in step with the routes and the zod schemas.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, openApiExamples } from "@/server/api/openapi";
import { problemBase, problemTypes } from "@/server/api/problem";
import { patchTagsSchema, registerDeviceSchema } from "@/server/devices/api-schema";

const routesRoot = path.resolve(import.meta.dirname, "../../app/api/v1");
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

// Every app/api/v1/**/route.ts as an OpenAPI path ("[installationId]" -> "{installationId}").
function routeFiles(dir = routesRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function openApiPath(file: string): string {
  const relative = path.relative(routesRoot, path.dirname(file)).split(path.sep).filter(Boolean);
  return ["/api/v1", ...relative.map((part) => part.replace(/^\[(.+)\]$/, "{$1}"))].join("/");
}

describe("openApiDocument", () => {
  it("describes every route file under app/api/v1 with each exported method", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const route = openApiPath(file);
      const described = (openApiDocument.paths as Record<string, Record<string, unknown>>)[route];
      expect(described, `${route} is missing from the OpenAPI document`).toBeDefined();
      const source = await import(file);
      for (const method of methods) {
        if (source[method]) expect(described[method.toLowerCase()], `${method} ${route} is missing`).toBeDefined();
      }
    }
  });

  it("has no path without a route file", () => {
    const routes = new Set(routeFiles().map(openApiPath));
    for (const documented of Object.keys(openApiDocument.paths)) expect(routes.has(documented), documented).toBe(true);
  });

  it("has request examples that the zod schemas accept", () => {
    const paths = openApiDocument.paths;
    const registerExamples = paths["/api/v1/devices"].post.requestBody.content["application/json"].examples ?? {};
    const patchExamples = paths["/api/v1/devices/{installationId}/tags"].patch.requestBody.content["application/json"].examples ?? {};
    expect(Object.keys(registerExamples).length).toBeGreaterThan(0);
    for (const example of Object.values(registerExamples)) expect(registerDeviceSchema.safeParse(example.value).success).toBe(true);
    for (const example of Object.values(patchExamples)) expect(patchTagsSchema.safeParse(example.value).success).toBe(true);
    expect(registerDeviceSchema.safeParse(openApiExamples.register).success).toBe(true);
  });

  it("is OpenAPI 3.1 with both key schemes and every problem type", () => {
    expect(openApiDocument.openapi).toBe("3.1.0");
    expect(Object.keys(openApiDocument.components.securitySchemes)).toEqual(["bearerKey", "headerKey"]);
    const types = openApiDocument.components.schemas.Problem.properties.type.enum;
    expect([...types].sort()).toEqual(Object.keys(problemTypes).map((slug) => problemBase + slug).sort());
    const post = openApiDocument.paths["/api/v1/devices"].post.responses;
    expect(Object.keys(post["429"].headers)).toEqual(expect.arrayContaining(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining"]));
  });
});
