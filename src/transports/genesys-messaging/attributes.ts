/**
 * The visitor's identity as custom attributes (§7): a flat string → string map on
 * `message.channel.metadata.customAttributes`, within the deployment's `maxCustomDataBytes` counted in
 * UTF-8 bytes. Sent once with the next message, and again after it changes or a new session starts.
 */
import { ParleyError } from '../../core/errors';
import type { Identity } from '../../core/types';
import type { Fields } from '../identity';
import type { Link } from '../link';
import { GENESYS_MESSAGING } from './wire';

/** Custom attributes: string values kept, numbers and booleans as text, the rest left out. */
export function toAttributes(fields: Fields): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value == 'string') attributes[key] = value;
    else if (typeof value == 'number' || typeof value == 'boolean') attributes[key] = String(value);
  }
  return attributes;
}

/** UTF-8 bytes of every key and value together, as the server counts them. */
export function attributeBytes(attributes: Record<string, string>): number {
  const encoder = new TextEncoder();
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) total += encoder.encode(key).length + encoder.encode(value).length;
  return total;
}

export type CustomAttributes = ReturnType<typeof createCustomAttributes>;

/** `contact` maps an identity to fields (the `identityMap` option). */
export function createCustomAttributes(link: Link, contact: (identity: Identity) => Fields) {
  let attributes: Record<string, string> = {};
  let pending = false;
  let budget = 2048;

  return {
    /**
     * The visitor's identity (none: no attributes). Over the budget it is not taken: one `validation`
     * warning (reported to the host as an `error` event) names the budget.
     */
    set(identity: Identity | undefined) {
      const candidate = identity ? toAttributes(contact(identity)) : {};
      const bytes = attributeBytes(candidate);
      if (bytes > budget) {
        link.warnOnce(new ParleyError('validation', `${GENESYS_MESSAGING}: the identity is ${bytes} bytes of custom attributes, over the deployment's maxCustomDataBytes budget of ${budget}; not sent`));
        return;
      }
      attributes = candidate;
      pending = bytes > 0;
    },
    /** A configured session: its budget; a new one gets the attributes again. */
    configured(maxCustomDataBytes: number, newSession: boolean) {
      budget = maxCustomDataBytes;
      if (newSession) pending = Object.keys(attributes).length > 0;
    },
    /** What the next message carries, if anything. */
    pending: () => (pending ? attributes : undefined),
    /** The server took `sent`. */
    delivered(sent: Record<string, string>) {
      if (sent === attributes) pending = false;
    },
    /** The server refused them (4013): they are dropped, and the host told once. */
    refused(error: ParleyError) {
      attributes = {};
      pending = false;
      link.warnOnce(error);
    },
  };
}
