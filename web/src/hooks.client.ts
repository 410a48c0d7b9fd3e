import type { HandleClientError } from '@sveltejs/kit';

/**
 * An address that leads nowhere is told on the page itself (+error.svelte), not logged as the
 * app's error; any other error is logged as SvelteKit does.
 */
export const handleError: HandleClientError = ({ error, status }) => {
  if (status !== 404) console.error(error);
};
