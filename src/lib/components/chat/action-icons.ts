/** The icons an answer's action bar can show. */
export type ActionIconName = 'copy' | 'draft' | 'check' | 'regenerate' | 'good' | 'bad' | 'previous' | 'next';
