import type { ParleyApi } from '../src/embed/api';

declare global {
  interface Window {
    /** The widget's global, as dist/parley.js defines it. */
    Parley: ParleyApi;
  }
}
