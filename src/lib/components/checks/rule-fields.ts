/** The order of the rule form's fields, for the error summary. */
export const RULE_FIELD_ORDER = [
	'id',
	'category',
	'pattern',
	'exceptions',
	'message',
	'suggestion',
	'documentRef',
	'sourceUrl'
];
