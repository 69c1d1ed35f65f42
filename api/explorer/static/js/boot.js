/* The page's first reads, sent as soon as the modules arrive: this is an async module, run
 * while the libraries (Cytoscape, 440 kB) are still being parsed, so the server answers
 * meanwhile. main.js, which needs the libraries, picks the answers up. */

import { Q, gql } from './api.js';
import { readURL } from './state.js';
import { readSteps } from './canvas.js';

/** The vocabulary: node and relationship types, documents, areas. */
export const vocabulary = gql(Q.start);
vocabulary.catch(() => {}); // main.js reports a failure; until it awaits, it is not unhandled

/** The reads of the view the address describes (null without a focus). */
export const reading = readSteps(readURL(), vocabulary.catch(() => null));
