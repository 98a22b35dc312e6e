import { insertAuditEvent, type AuditInput } from '../db/queries/audit';

/** Audit actions in use. Adding one here keeps the audit screen's filter complete. */
export type AuditAction =
	| 'auth.sign_up'
	| 'auth.sign_in'
	| 'auth.sign_in_failed'
	| 'auth.sign_out'
	| 'user.created'
	| 'user.role_changed'
	| 'corpus.collection_created'
	| 'corpus.collection_updated'
	| 'corpus.document_created'
	| 'corpus.document_version_added'
	| 'corpus.document_status_changed'
	| 'corpus.document_updated'
	| 'corpus.document_deleted'
	| 'corpus.upload_started'
	| 'corpus.reindex_started'
	| 'chat.feedback';

/** Appends an audit event. Never pass user content or personal data in `details`: kinds and counts only. */
export function audit(
	event: { locals: { user: { id: string } | null; requestId?: string } } | null,
	action: AuditAction,
	rest: Omit<AuditInput, 'action' | 'actorId' | 'requestId'> & { actorId?: string | null } = {}
): Promise<void> {
	return insertAuditEvent({
		...rest,
		action,
		actorId: rest.actorId !== undefined ? rest.actorId : (event?.locals.user?.id ?? null),
		requestId: event?.locals.requestId
	});
}
