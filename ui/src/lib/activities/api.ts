// The activity screens' backend calls: the single place they import them from, so
// tests can spy on this object whichever module provides the commands.
import { commands as acts } from "../../bindings";

export { acts };
