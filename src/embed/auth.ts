/**
 * `dist/parley-auth.js`: the token provider (site tokens: `auth: { tokenUrl }` or a function), fetched
 * by `dist/parley.js` only for a widget whose config asks for site tokens; most pages never need it.
 * It puts the real `authOption` and `createTokenProvider` on `Parley._k`, where the backend files look
 * them up when they use them (see ./shared.ts for what stands there before).
 */
import { authOption, createTokenProvider } from '../auth/token-provider';
import { parley, sameBuild } from './same-build';

if (sameBuild) Object.assign(parley._k!, { authOption, createTokenProvider });
