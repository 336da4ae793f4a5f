// Reloading the whole web view, behind an object so tests can replace it
// (jsdom's window.location.reload can be neither run nor spied on).
export const page = {
  /** After the backend switched databases (demo in or out): every view must read afresh. */
  reload: () => window.location.reload(),
};
