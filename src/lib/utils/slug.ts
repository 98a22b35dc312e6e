/**
 * A web-address name made from a title: lower-case letters, numbers and single hyphens, at most `max`
 * characters, cut at a hyphen where it can be. "Inclusive language (2026)" → "inclusive-language-2026".
 */
export function slugify(text: string, max = 60): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (slug.length <= max) return slug;
	const cut = slug.slice(0, max);
	const lastHyphen = cut.lastIndexOf('-');
	return (lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}
