/** `dist/parley-locale-he.js`: the Hebrew strings, fetched by `dist/parley.js` the first time a widget speaks Hebrew. */
import { addDictionary } from '../../ui/dictionaries';
import he from '../../ui/locales/he';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('he', he);
