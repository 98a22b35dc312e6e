/** Route ids laid out as the full-height chat workspace (compact header, sidebar, pinned message box). */
const WORKSPACE_ROUTES = new Set(['/(app)', '/(app)/chats/[id]']);

export function isWorkspaceRoute(routeId: string | null): boolean {
	return routeId !== null && WORKSPACE_ROUTES.has(routeId);
}
