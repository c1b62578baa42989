// The search page of a Verbatim archive, ES modules without a build step:
// search/tokenize.js makes terms as the generator does, index.js reads the
// index a piece at a time, rank.js ranks a query's turns, view.js is the
// page.
import { Index } from "./search/index.js";
import { terms } from "./search/tokenize.js";
import { mount } from "./search/view.js";
import { load } from "./words.js";

const root = document.getElementById("search");
if (root) {
  const index = new Index(root.dataset.index, root.dataset.base);
  // For the browser tests, which hold the tokeniser to the Go one.
  window.verbatimSearch = { terms: (s) => terms(s, index.meta?.stopWords) };
  mount(root, index, await load());
}
