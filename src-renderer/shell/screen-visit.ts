import { createContext } from 'react';

/**
 * Counts the workspace's screen changes. An error note shown during one visit is gone
 * after the next change of screen, so an old failure never greets the next sale or the
 * next member (issue 17). Outside the workspace it stays 0: notes behave as before.
 */
export const ScreenVisitContext = createContext(0);
