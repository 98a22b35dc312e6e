import { insertAuditEvent, type AuditInput } from '../db/queries/audit';

/**
 * Every audit action, one per line: add new ones here (the type and the audit screen's action filter
 * both come from this list, so the filter is always complete).
 */
export const AUDIT_ACTIONS = [
	'auth.sign_up',
	'auth.sign_in',
	'auth.sign_in_failed',
	'auth.sign_out',
	'auth.sso_linked',
	'auth.sso_refused',
	'auth.mfa_enabled',
	'auth.mfa_disabled',
	'auth.mfa_recovery_code_used',
	'user.created',
	'user.role_changed',
	'user.deactivated',
	'user.reactivated',
	'user.deleted',
	'user.name_changed',
	'user.password_changed',
	'user.reset_link_issued',
	'user.password_reset',
	'user.invited',
	'user.invitation_accepted',
	'corpus.collection_created',
	'corpus.collection_updated',
	'corpus.document_created',
	'corpus.document_version_added',
	'corpus.document_status_changed',
	'corpus.document_updated',
	'corpus.document_deleted',
	'corpus.upload_started',
	'corpus.reindex_started',
	'chat.feedback',
	'attachment.uploaded',
	'attachment.redacted',
	'attachment.deleted',
	'analysis.started',
	'analysis.theme_renamed',
	'analysis.themes_merged',
	'analysis.theme_split',
	'analysis.exported',
	'analysis.deleted',
	'draft.created',
	'draft.restored',
	'draft.ai_edit_accepted',
	'draft.exported',
	'rule.created',
	'rule.updated',
	'assistant.created',
	'assistant.updated',
	'assistant.rolled_back',
	'assistant.deleted',
	'assistant.approval_decided',
	'assistant.unpublished',
	'assistant.featured_changed',
	'assistant.builtin_loaded',
	'prompt.organisation_created',
	'prompt.organisation_updated',
	'prompt.organisation_deleted',
	'team.created',
	'team.member_added',
	'team.member_invited',
	'team.invitation_withdrawn',
	'team.invitation_accepted',
	'team.invitation_declined',
	'team.member_role_changed',
	'team.member_removed',
	'acceptable_use.published',
	'acceptable_use.accepted',
	'retention.run',
	'settings.changed',
	'models.connection_saved',
	'models.connection_removed',
	'models.choices_changed',
	'models.embeddings_saved',
	'models.reembed_started'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

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
