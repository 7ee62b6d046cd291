export default { version: __PARLEY_VERSION__ };
