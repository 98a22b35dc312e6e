import { findPersonalData } from './src/lib/governance/personal-data';
import { findNameSpans } from './src/lib/governance/names';
const cases: Record<string,string> = {
  titles: 'Mr '.repeat(5000), firsts: 'Sarah '.repeat(5000), speakers: 'Jane Smith: hi\n'.repeat(2000), nhs: 'John Smith 9434765919 '.repeat(1000),
  addr: 'Sarah Jones, 12 High Street '.repeat(1000), list: 'Present: ' + 'Linda Moss, '.repeat(3000), vtt: '<v Jane Smith>hi '.repeat(3000),
  mixed: 'Dr Smith Said: Jane Smith Met Mr Men At Queen Elizabeth Hospital With Sarah Jones And Team. '.repeat(300),
};
for (const [k, t] of Object.entries(cases)) { let s = performance.now(); findPersonalData(t); const a = Math.round(performance.now() - s); s = performance.now(); findNameSpans(t, [], true); const b = Math.round(performance.now() - s); s = performance.now(); findNameSpans(t, []); console.log(k, t.length, a, 'ms; names(all)', b, 'ms; names(role filter)', Math.round(performance.now() - s)); }
