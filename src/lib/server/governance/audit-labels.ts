/**
 * Plain words for every audit action, grouped the way an information-governance lead looks for them.
 * The audit screen's filter and the CSV export use these; the action code stays alongside for exactness.
 */
import { AUDIT_ACTIONS, type AuditAction } from './audit';

export const AUDIT_ACTION_GROUPS: { label: string; actions: Partial<Record<AuditAction, string>> }[] = [
	{
		label: 'Signing in',
		actions: {
			'auth.sign_up': 'Signed up',
			'auth.sign_in': 'Signed in',
			'auth.sign_in_failed': 'Failed to sign in',
			'auth.sign_out': 'Signed out',
			'auth.sso_linked': 'Linked single sign-on',
			'auth.sso_refused': 'Single sign-on refused',
			'auth.mfa_enabled': 'Turned on two-step sign-in',
			'auth.mfa_disabled': 'Turned off two-step sign-in',
			'auth.mfa_recovery_code_used': 'Used a recovery code'
		}
	},
	{
		label: 'People',
		actions: {
			'user.created': 'Created an account',
			'user.role_changed': 'Changed a role',
			'user.deactivated': 'Deactivated an account',
			'user.reactivated': 'Reactivated an account',
			'user.deleted': 'Deleted an account',
			'user.name_changed': 'Changed their name',
			'user.password_changed': 'Changed their password',
			'user.reset_link_issued': 'Issued a password reset link',
			'user.password_reset': 'Reset their password with a link',
			'user.invited': 'Invited someone',
			'user.invitation_accepted': 'Accepted an invitation',
			'user.clinical_reviewer_changed': 'Marked or unmarked a clinical reviewer'
		}
	},
	{
		label: 'Teams',
		actions: {
			'team.created': 'Created a team',
			'team.member_added': 'Added a team member',
			'team.member_invited': 'Invited someone to a team',
			'team.invitation_withdrawn': 'Withdrew a team invitation',
			'team.invitation_accepted': 'Accepted a team invitation',
			'team.invitation_declined': 'Declined a team invitation',
			'team.member_role_changed': "Changed a team member's role",
			'team.member_removed': 'Removed a team member'
		}
	},
	{
		label: 'Guidance library',
		actions: {
			'corpus.collection_created': 'Created a collection',
			'corpus.collection_updated': 'Changed a collection',
			'corpus.document_created': 'Added a document',
			'corpus.document_version_added': 'Added a document version',
			'corpus.document_status_changed': "Changed a document's status",
			'corpus.document_updated': 'Changed a document',
			'corpus.document_deleted': 'Deleted a document',
			'corpus.upload_started': 'Started an upload',
			'corpus.reindex_started': 'Started re-indexing'
		}
	},
	{
		label: 'Chats and files',
		actions: {
			'chat.feedback': 'Rated an answer',
			'attachment.uploaded': 'Attached a file',
			'attachment.redacted': 'Redacted a file',
			'attachment.deleted': 'Removed a file'
		}
	},
	{
		label: 'Draft sign-off',
		actions: {
			'draft.review_requested': 'Asked colleagues to review a draft',
			'draft.approved': 'Approved a draft',
			'draft.changes_requested': 'Asked for changes to a draft',
			'draft.commented': 'Commented on a draft',
			'draft.comment_resolved': 'Resolved a comment on a draft'
		}
	},
	{
		label: 'Feedback analysis',
		actions: {
			'analysis.started': 'Started a feedback analysis',
			'analysis.theme_renamed': 'Renamed a theme',
			'analysis.themes_merged': 'Merged themes',
			'analysis.theme_split': 'Split a theme',
			'analysis.exported': 'Exported an analysis',
			'analysis.deleted': 'Deleted an analysis'
		}
	},
	{
		label: 'Assistants and prompts',
		actions: {
			'assistant.created': 'Created an assistant',
			'assistant.updated': 'Changed an assistant',
			'assistant.rolled_back': 'Rolled back an assistant',
			'assistant.deleted': 'Deleted an assistant',
			'assistant.approval_decided': 'Decided on an assistant',
			'assistant.unpublished': 'Unpublished an assistant',
			'assistant.featured_changed': 'Changed featured assistants',
			'assistant.builtin_loaded': 'Loaded a built-in assistant',
			'assistant.evaluation_started': 'Started an evaluation of an assistant',
			'prompt.organisation_created': 'Created an organisation prompt',
			'prompt.organisation_updated': 'Changed an organisation prompt',
			'prompt.organisation_deleted': 'Deleted an organisation prompt'
		}
	},
	{
		label: 'Drafts',
		actions: {
			'draft.created': 'Created a draft',
			'draft.restored': 'Restored an earlier version of a draft',
			'draft.ai_edit_accepted': 'Accepted an AI edit to a draft',
			'draft.exported': 'Exported a draft'
		}
	},
	{
		label: 'Governance and settings',
		actions: {
			'rule.created': 'Created a draft-check rule',
			'rule.updated': 'Changed a draft-check rule',
			'synonym.created': 'Added a search synonym',
			'synonym.updated': 'Changed a search synonym',
			'synonym.deleted': 'Deleted a search synonym',
			'acceptable_use.published': 'Published the acceptable-use statement',
			'acceptable_use.accepted': 'Accepted the acceptable-use statement',
			'retention.run': 'Ran retention',
			'settings.changed': 'Changed a setting',
			'models.connection_saved': 'Saved the model connection',
			'models.connection_removed': 'Removed the model connection',
			'models.choices_changed': 'Changed the models people see',
			'models.embeddings_saved': 'Changed the embedding model',
			'models.reembed_started': 'Started re-embedding the library after a model change'
		}
	}
];

const LABELS = new Map<string, string>(AUDIT_ACTION_GROUPS.flatMap((g) => Object.entries(g.actions)));

/** "Signed in" for `auth.sign_in`; an action no longer written shows its code. */
export function actionLabel(action: string): string {
	return LABELS.get(action) ?? action;
}

/** Actions with no plain label (a unit test keeps this empty). */
export function unlabelledActions(): string[] {
	return AUDIT_ACTIONS.filter((a) => !LABELS.has(a));
}
