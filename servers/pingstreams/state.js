// In-memory project state of the local Pingstreams server: users, Project_users, requests, messages.
// Shapes follow the Tiledesk models (shared/protocols/pingstreams.md §6).
import { objectId, uuid } from './jwt.js';

/** Role order used by the role checks (sheet §1 "Roles"). */
export const ROLES = ['guest', 'user', 'agent', 'admin', 'owner'];

export const STATUS = { TEMP: 50, UNASSIGNED: 100, ASSIGNED: 200, CLOSED: 1000 };

/**
 * @typedef {{ _id: string, email: string, password: string, firstname: string, lastname: string, role: string }} User
 * @typedef {Record<string, any>} Doc
 * @typedef {(topic: string, method: 'CREATE' | 'UPDATE', message: unknown) => void} Publish
 */

/**
 * @param {{ projectId: string, now: () => number, users: Array<Omit<User, '_id'> & { _id?: string }>, publish: Publish }} opts
 */
export function createState({ projectId, now, users, publish }) {
  const iso = () => new Date(now()).toISOString();
  /** @type {Map<string, User>} registered users by id */
  const usersById = new Map();
  /** @type {Map<string, Doc>} Project_users by user id (id_user or uuid_user) */
  const projectUsers = new Map();
  /** @type {Map<string, Doc>} requests by request_id */
  const requests = new Map();
  /** @type {Doc[]} every message, in creation order */
  const messages = [];
  let ticket = 0;

  /**
   * @param {{ id_user?: string, uuid_user?: string }} ref
   * @param {string} role
   */
  function addProjectUser(ref, role) {
    const key = /** @type {string} */ (ref.id_user ?? ref.uuid_user);
    const at = iso();
    const pu = {
      _id: objectId(now()), id_project: projectId, ...ref, role, roleType: role === 'guest' ? 2 : 1,
      user_available: true, status: 'active', isBusy: false, number_assigned_requests: 0,
      attributes: {}, createdAt: at, updatedAt: at,
    };
    projectUsers.set(key, pu);
    return pu;
  }

  for (const u of users) {
    const user = { ...u, _id: u._id ?? objectId(now()) };
    usersById.set(user._id, user);
    addProjectUser({ id_user: user._id }, user.role);
  }

  /** @param {User} u */
  const publicUser = (u) => ({
    _id: u._id, email: u.email, firstname: u.firstname, lastname: u.lastname, emailverified: true,
    fullName: `${u.firstname} ${u.lastname}`.trim(), id: u._id,
  });

  const agents = () => [...usersById.values()].filter((u) => ROLES.indexOf(u.role) >= 2);
  const available = () => agents().filter((u) => projectUsers.get(u._id)?.user_available);

  /** The request with its participants resolved (what the API returns). @param {Doc} req @returns {Doc} */
  const populated = (req) => ({
    ...req,
    participatingAgents: req.participantsAgents.map((/** @type {string} */ id) => {
      const u = usersById.get(id);
      return u ? publicUser(u) : { _id: id };
    }),
    participatingBots: [],
  });

  /**
   * Pushes a request to its topic and the project's request list. Updates go out only for
   * status > 50 and never for preflight requests (sheet §5.4).
   * @param {Doc} req @param {'CREATE' | 'UPDATE'} method
   */
  function publishRequest(req, method) {
    if (method === 'UPDATE' && (req.status <= STATUS.TEMP || req.preflight)) return;
    const doc = populated(req);
    publish(`/${projectId}/requests/${req.request_id}`, method, doc);
    if (method === 'UPDATE') publish(`/${projectId}/requests`, method, doc);
  }

  /**
   * Stores a message and pushes it (with its populated request) to the message topic.
   * @param {Doc} req @param {Doc} fields
   */
  function addMessage(req, fields) {
    const at = iso();
    const msg = {
      _id: objectId(now()), type: 'text', channel_type: 'group', text: '', language: 'en',
      channel: { name: 'chat21' }, id_project: projectId, status: 0, attributes: {}, metadata: undefined,
      recipient: req.request_id, recipientFullname: req.subject ?? 'Guest', ...fields,
      createdBy: fields.sender, createdAt: at, updatedAt: at, __v: 0,
    };
    messages.push(msg);
    req.attributes = { ...req.attributes, last_message: msg };
    req.updatedAt = at;
    const pushed = { ...msg, request: populated(req) };
    publish(`/${projectId}/requests/${req.request_id}/messages`, 'CREATE', pushed);
    return pushed;
  }

  /**
   * Creates the request on first message (sheet §3.2).
   * @param {string} rid @param {{ userId: string, fullName: string, email?: string }} who @param {Doc} body
   */
  function createRequest(rid, who, body) {
    const at = iso();
    const pu = projectUsers.get(who.userId);
    const agent = body.request_status === STATUS.TEMP ? undefined : available()[0];
    const id = objectId(now());
    const lead = {
      _id: objectId(now()), lead_id: who.userId, fullname: who.fullName, email: body.email ?? who.email,
      attributes: body.attributes ?? {}, id_project: projectId, createdAt: at,
    };
    const department = { _id: objectId(now()), name: 'Default Department', default: true, id_project: projectId };
    const req = {
      _id: id, id, request_id: rid, ticket_id: ++ticket, requester: pu, lead, subject: body.subject,
      first_text: body.text, status: agent ? STATUS.ASSIGNED : body.request_status ?? STATUS.UNASSIGNED,
      preflight: body.preflight === true, hasBot: false,
      participants: agent ? [agent._id] : [], participantsAgents: agent ? [agent._id] : [], participantsBots: [],
      department, departmentid: body.departmentid, sourcePage: body.sourcePage, userAgent: body.userAgent,
      language: body.language, channel: { name: 'chat21' }, attributes: body.attributes ?? {},
      snapshot: {
        requester: { uuid_user: pu?.uuid_user, id_user: pu?.id_user, role: pu?.role },
        lead, department, agents: agent ? [{ id_user: agent._id }] : [],
      },
      id_project: projectId, workingStatus: agent ? 'open' : 'new', createdBy: who.userId, createdAt: at, updatedAt: at,
    };
    requests.set(rid, req);
    if (!req.preflight) publish(`/${projectId}/requests`, 'CREATE', populated(req));
    publishRequest(req, 'CREATE');
    return req;
  }

  /** @param {Doc} req @param {string} closedBy */
  function closeRequest(req, closedBy) {
    const at = iso();
    Object.assign(req, {
      status: STATUS.CLOSED, closed_at: at, closed_by: closedBy, updatedAt: at, workingStatus: 'closed',
      duration: Date.parse(at) - Date.parse(req.createdAt),
    });
    publishRequest(req, 'UPDATE');
    return populated(req);
  }

  /** @param {string} rid */
  const messagesOf = (rid) => messages.filter((m) => m.recipient === rid);

  /**
   * Agent side: adds an agent to the request (and an info message like MEMBER_JOINED_GROUP).
   * @param {Doc} req @param {string} name
   */
  function join(req, name) {
    const agent = agents()[0];
    const id = agent?._id ?? objectId(now());
    if (!req.participants.includes(id)) {
      req.participants.push(id);
      req.participantsAgents.push(id);
      req.snapshot.agents.push({ id_user: id });
    }
    req.status = STATUS.ASSIGNED;
    publishRequest(req, 'UPDATE');
    return addMessage(req, {
      sender: 'system', senderFullname: 'System', text: `${name} joined`,
      attributes: { subtype: 'info', messagelabel: { key: 'MEMBER_JOINED_GROUP', parameters: { member_id: id, fullname: name } } },
    });
  }

  return {
    iso, usersById, projectUsers, requests, messages, messagesOf, addProjectUser, publicUser, agents, available,
    populated, addMessage, createRequest, closeRequest, publishRequest, join,
    /** Registered user by e-mail. @param {string} email */
    userByEmail: (email) => [...usersById.values()].find((u) => u.email === email),
    newGuestId: uuid,
  };
}
