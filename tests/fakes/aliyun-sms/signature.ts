// Alibaba Cloud's RPC signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0), written from its
// documentation (https://help.aliyun.com/zh/sdk/product-overview/rpc-mechanism): every request parameter
// but Signature, sorted by name; names and values percent-encoded per RFC 3986 (space %20, * %2A, ~ kept);
// joined name=value with &; the string to sign is METHOD & %2F & percentEncode(that); the signature
// is base64(HMAC-SHA1(AccessKeySecret + "&", stringToSign)).
import { createHmac } from "node:crypto";

export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunStringToSign(method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join("&");
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonical)}`;
}

export function aliyunSignature(secret: string, method: string, params: Record<string, string>): string {
  return createHmac("sha1", `${secret}&`).update(aliyunStringToSign(method, params)).digest("base64");
}
