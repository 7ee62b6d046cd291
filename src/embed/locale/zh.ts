/** `dist/parley-locale-zh.js`: the Simplified Chinese strings, fetched by `dist/parley.js` the first time a widget speaks Simplified Chinese. */
import { addDictionary } from '../../ui/dictionaries';
import zh from '../../ui/locales/zh';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('zh', zh);
