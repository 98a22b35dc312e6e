/**
 * How a deleted account is referred to: the audit log keeps only its id, so screens and exports show a
 * short, stable reference to it ("Deleted person #1a2b3c4d") and never a name or an email.
 */
export function deletedPersonLabel(id: string): string {
	return `Deleted person #${id.replace(/-/g, '').slice(0, 8)}`;
}

/** The short reference on its own (for the query string after a deletion). */
export function pseudonymRef(id: string): string {
	return id.replace(/-/g, '').slice(0, 8);
}
