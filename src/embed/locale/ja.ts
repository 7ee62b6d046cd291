/** `dist/parley-locale-ja.js`: the Japanese strings, fetched by `dist/parley.js` the first time a widget speaks Japanese. */
import { addDictionary } from '../../ui/dictionaries';
import ja from '../../ui/locales/ja';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('ja', ja);
