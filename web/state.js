// What the page shows now, shared by the views and the diagram; on window for tests and the curious.
export const state = { cy: null, hops: [], data: null };
window.explorer = state;
