/** 30 minutes → "30 minutes"; 5.5 → "5.5 hours"; 50 → "2.1 days". */
export function durationWords(hours: number): string {
	if (hours < 1) {
		const minutes = Math.round(hours * 60);
		return `${minutes} minute${minutes === 1 ? '' : 's'}`;
	}
	if (hours < 48) return `${Math.round(hours * 10) / 10} hour${hours === 1 ? '' : 's'}`;
	return `${Math.round((hours / 24) * 10) / 10} days`;
}
