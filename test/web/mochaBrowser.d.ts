// mocha's browser build sets the global `mocha` (typed by @types/mocha as BrowserMocha) and exports it.
declare module 'mocha/mocha.js' {
  const mocha: BrowserMocha;
  export default mocha;
}
