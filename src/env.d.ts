/// <reference types="vite/client" />
declare const __PARLEY_VERSION__: string;
