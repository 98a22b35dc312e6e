/** Words for the assistant enumerations, shared by the directory, details and admin screens. */
export function visibilityLabel(visibility: string, teamName?: string | null): string {
	if (visibility === 'private') return 'Only me';
	if (visibility === 'team') return teamName ? `Team: ${teamName}` : 'Team';
	return 'Organisation';
}

export const approvalLabels: Record<string, string> = {
	none: 'Not needed',
	pending: 'Waiting for admin approval',
	approved: 'Approved',
	declined: 'Declined'
};

export const questionTypeLabels: Record<string, string> = {
	short_text: 'Short text',
	long_text: 'Long text',
	single_choice: 'Single choice',
	multiple_choice: 'Multiple choice'
};

export const intakeModeLabels: Record<string, string> = {
	form: 'Asks the builder’s questions',
	conversational: 'The model asks what is missing',
	none: 'No questions'
};

export const colourHex: Record<string, string> = {
	blue: '#005eb8',
	'dark-blue': '#003087',
	purple: '#330072',
	'dark-pink': '#7c2855',
	green: '#007f3b',
	'warm-yellow': '#ffb81c',
	grey: '#768692'
};

export function timesUsed(n: number): string {
	return n === 1 ? 'Used once' : `Used ${n.toLocaleString('en-GB')} times`;
}

export function ratingText(r: { up: number; down: number }): string {
	if (r.up + r.down === 0) return 'No ratings yet';
	return `${r.up} helpful, ${r.down} not helpful`;
}
