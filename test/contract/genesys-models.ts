/**
 * The guest-chat models of shared/protocols/genesys.md §5/§6 (from the SDK's swagger.json, which the
 * 13.2.0 npm package does not ship) as a tiny schema table, and a validator for answers of the fake.
 * Unknown fields, wrong types, bad enum values and missing required fields are all reported.
 */

type Field =
  | 'string'
  | 'date'
  | 'uri'
  | 'int'
  | 'boolean'
  | 'map'
  | { enum: string[] }
  | { model: string }
  | { array: Field };

interface Model {
  fields: Record<string, Field>;
  required?: string[];
}

const str = 'string' as const;
const MEMBER_ROLES = ['AGENT', 'CUSTOMER', 'WORKFLOW', 'ACD'];
const BODY_TYPES = ['standard', 'notice', 'member-join', 'member-leave', 'media-request'];

export const MODELS: Record<string, Model> = {
  CreateWebChatConversationResponse: {
    fields: { id: str, jwt: str, eventStreamUri: 'uri', member: { model: 'WebChatMemberInfo' } },
  },
  WebChatMemberInfo: {
    fields: {
      id: str,
      displayName: str,
      firstName: str,
      lastName: str,
      email: str,
      phoneNumber: str,
      avatarImageUrl: 'uri',
      role: { enum: MEMBER_ROLES },
      joinDate: 'date',
      leaveDate: 'date',
      authenticatedGuest: 'boolean',
      customFields: 'map',
      state: { enum: ['CONNECTED', 'DISCONNECTED', 'ALERTING'] },
    },
    required: ['role'],
  },
  WebChatConversation: {
    fields: { id: str, name: str, member: { model: 'WebChatMemberInfo' }, selfUri: 'uri' },
  },
  WebChatMessage: {
    fields: {
      id: str,
      name: str,
      conversation: { model: 'WebChatConversation' },
      sender: { model: 'WebChatMemberInfo' },
      body: str,
      bodyType: { enum: BODY_TYPES },
      timestamp: 'date',
      selfUri: 'uri',
    },
    required: ['conversation', 'sender', 'body', 'bodyType', 'timestamp'],
  },
  WebChatTyping: {
    fields: { id: str, conversation: { model: 'WebChatConversation' }, sender: { model: 'WebChatMemberInfo' }, timestamp: 'date' },
    required: ['id', 'conversation', 'sender', 'timestamp'],
  },
  WebChatMessageEntityList: {
    fields: { pageSize: 'int', entities: { array: { model: 'WebChatMessage' } }, previousPage: str, next: str, selfUri: 'uri' },
  },
  WebChatMemberInfoEntityList: {
    fields: {
      entities: { array: { model: 'WebChatMemberInfo' } },
      pageSize: 'int',
      pageNumber: 'int',
      total: 'int',
      firstUri: 'uri',
      lastUri: 'uri',
      selfUri: 'uri',
      previousUri: 'uri',
      nextUri: 'uri',
      pageCount: 'int',
    },
  },
  WebChatGuestMediaRequest: {
    fields: {
      id: str,
      name: str,
      types: { array: { enum: ['COBROWSE', 'SCREENSHARE'] } },
      state: { enum: ['PENDING', 'ACCEPTED', 'DECLINED', 'TIMEDOUT', 'CANCELLED', 'ERRORED'] },
      communicationId: str,
      securityKey: str,
      selfUri: 'uri',
    },
    required: ['types', 'state'],
  },
  WebChatGuestMediaRequestEntityList: { fields: { entities: { array: { model: 'WebChatGuestMediaRequest' } } } },
  ErrorBody: {
    fields: {
      message: str,
      code: str,
      status: 'int',
      entityId: str,
      entityName: str,
      messageWithParams: str,
      messageParams: 'map',
      contextId: str,
      details: { array: { model: 'Detail' } },
      errors: { array: { model: 'ErrorBody' } },
      limit: { model: 'Limit' },
    },
  },
  Detail: { fields: { errorCode: str, fieldName: str, entityId: str, entityName: str } },
  Limit: { fields: { key: str, namespace: str, value: 'int' } },
};

/**
 * Required fields real payloads leave out (§5: "`sender` carries only `id` although swagger marks
 * `role` required"), as `Model.field` paths relative to where they are nested.
 */
const REAL_OMISSIONS = new Set(['sender.role', 'member.role']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(field: Field, v: unknown, path: string, out: string[]): void {
  if (typeof field === 'object') {
    if ('enum' in field) {
      if (typeof v !== 'string' || !field.enum.includes(v)) out.push(`${path}: ${JSON.stringify(v)} is not one of ${field.enum.join('|')}`);
    } else if ('model' in field) out.push(...problems(field.model, v, path));
    else if (!Array.isArray(v)) out.push(`${path}: expected an array`);
    else v.forEach((x, i) => check(field.array, x, `${path}[${i}]`, out));
    return;
  }
  const ok =
    field === 'string'
      ? typeof v === 'string'
      : field === 'date'
        ? typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)
        : field === 'uri'
          ? typeof v === 'string' && /^(\/|https?:\/\/|wss?:\/\/)\S+$/.test(v)
          : field === 'int'
            ? Number.isInteger(v)
            : field === 'boolean'
              ? typeof v === 'boolean'
              : isObj(v) && Object.values(v).every((x) => typeof x === 'string');
  if (!ok) out.push(`${path}: ${JSON.stringify(v)} is not a ${field}`);
}

/** Everything wrong with `v` as a `model`; `[]` when it conforms. */
export function problems(model: string, v: unknown, path = model): string[] {
  const m = MODELS[model];
  if (!m) throw new Error(`no model ${model}`);
  if (!isObj(v)) return [`${path}: expected an object`];
  const out: string[] = [];
  const leaf = path.split(/[.[]/).pop();
  for (const r of m.required ?? []) if (v[r] === undefined && !REAL_OMISSIONS.has(`${leaf}.${r}`)) out.push(`${path}.${r}: required`);
  for (const [k, x] of Object.entries(v)) {
    const field = m.fields[k];
    if (!field) out.push(`${path}.${k}: not a field of ${model}`);
    else check(field, x, `${path}.${k}`, out);
  }
  return out;
}
