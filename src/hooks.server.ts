import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { apiErrorsAsJson } from '$lib/server/hooks/api-errors';
import { guard, securityHeaders } from '$lib/server/hooks/guard';
import { handleError as onError } from '$lib/server/hooks/handle-error';
import { initServer } from '$lib/server/hooks/init';
import { observe } from '$lib/server/hooks/observe';
import { originCheck } from '$lib/server/hooks/origin';
import { requestId } from '$lib/server/hooks/request-id';
import { session } from '$lib/server/hooks/session';

export const init: ServerInit = initServer;
export const handle = sequence(requestId, observe, apiErrorsAsJson, securityHeaders, originCheck, session, guard);
export const handleError: HandleServerError = onError;
