/**
 * The task library's shape: assistants grouped by theme (the themes' own order, empty themes left
 * out), the "Start here" set for people new to AI, and the counts the theme links show.
 */
import { ASSISTANT_CATEGORIES } from '$lib/schemas/assistant';
import { slugify } from './slug';

export type LibraryItem = { name: string; category: string; builtin: boolean; featured: boolean };
export type ThemeGroup<T> = { theme: string; id: string; items: T[] };

const THEMES: readonly string[] = ASSISTANT_CATEGORIES;

/** A theme the library knows, or null (for a `?theme=` value that is not one). */
export function knownTheme(value: string | null | undefined): string | null {
	return value && THEMES.includes(value) ? value : null;
}

/** The theme an assistant is shown under: its category, or "Other" for one no longer in the list. */
export function themeOf(item: Pick<LibraryItem, 'category'>): string {
	return knownTheme(item.category) ?? 'Other';
}

/** A stable element id for a theme's section heading. */
export const themeId = (theme: string) => `theme-${slugify(theme)}`;

/** Built-ins first (the organisation's tested set), then the rest, each by name. */
function byLibraryOrder(a: LibraryItem, b: LibraryItem): number {
	if (a.builtin !== b.builtin) return a.builtin ? -1 : 1;
	return a.name.localeCompare(b.name, 'en-GB');
}

/** Items grouped by theme in the themes' order; a theme with nothing in it is left out. */
export function groupByTheme<T extends LibraryItem>(items: T[]): ThemeGroup<T>[] {
	return THEMES.map((theme) => ({
		theme,
		id: themeId(theme),
		items: items.filter((i) => themeOf(i) === theme).sort(byLibraryOrder)
	})).filter((g) => g.items.length > 0);
}

/** The "Start here" set: built-ins marked as featured, by name. */
export function startHere<T extends LibraryItem>(items: T[]): T[] {
	return items.filter((i) => i.builtin && i.featured).sort(byLibraryOrder);
}

/** How many items each non-empty theme has, in the themes' order. */
export function themeCounts(items: LibraryItem[]): { theme: string; count: number }[] {
	return groupByTheme(items).map((g) => ({ theme: g.theme, count: g.items.length }));
}

/** "1 task" or "12 tasks". */
export const tasks = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'task' : 'tasks'}`;
