// The parts of xmpp.js (@xmpp/client, @xmpp/component) Herald uses; the packages ship no types.
declare module "@xmpp/client" {
  // An XML element (ltx).
  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<XmlElement | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildren(name: string, xmlns?: string): XmlElement[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    toString(): string;
  }
  export type XmlChild = XmlElement | string | null | undefined | false;
  export function xml(
    name: string,
    attrs?: Record<string, string | undefined> | null,
    ...children: XmlChild[]
  ): XmlElement;

  // A connection (client or component) as both packages expose it.
  export interface XmppEntity {
    status: string;
    jid: { toString(): string; bare(): { toString(): string } } | null;
    timeout: number;
    socket: unknown;
    reconnect: { stop(): void };
    iqCaller: { request(element: XmlElement, timeout?: number): Promise<XmlElement> };
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    disconnect(): Promise<unknown>;
    send(element: XmlElement): Promise<void>;
    on(event: "stanza", listener: (stanza: XmlElement) => void): this;
    on(event: "error", listener: (error: Error & { condition?: string }) => void): this;
    on(event: "status", listener: (status: string) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    removeAllListeners(event?: string): this;
    removeListener(event: string, listener: (...args: never[]) => void): this;
  }

  export function client(options: {
    service: string;
    domain: string;
    username?: string;
    password?: string;
    resource?: string;
    credentials?: unknown;
  }): XmppEntity;
}

declare module "@xmpp/component" {
  import type { XmppEntity } from "@xmpp/client";
  export function component(options: { service: string; domain: string; password: string }): XmppEntity;
}
