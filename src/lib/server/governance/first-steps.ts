/**
 * Admin home's first-steps checklist for a new installation. Each step ticks itself from the state of
 * the service, so the list needs no bookkeeping of its own and disappears once everything is done.
 */
import { findLatestAcceptableUse } from '../db/queries/acceptable-use';
import { countDocumentsAddedByPeople } from '../db/queries/corpus';
import { countUsers } from '../db/queries/users';
import { chatModels } from '../llm/chat-models';
import { isSettingSaved } from './settings';

export type FirstStep = { id: string; title: string; hint: string; href: string; done: boolean };

/** The steps in the order a new administrator should take them. */
export async function firstSteps(): Promise<FirstStep[]> {
	const [models, ownDocuments, users, localPatternSaved, acceptableUse] = await Promise.all([
		chatModels(),
		countDocumentsAddedByPeople(),
		countUsers(),
		isSettingSaved('guard.hospitalNumberPattern'),
		findLatestAcceptableUse()
	]);
	return [
		{
			id: 'model',
			title: 'Connect a language model',
			hint: 'Until a model is connected, assistants can ask their questions but no answer can be written. Connect one under Models, test it and choose the models people see.',
			href: '/admin/models',
			done: models.length > 0
		},
		{
			id: 'guidance',
			title: 'Review the sample guidance and add your own',
			hint: "The library starts with sample NHS guidance. Add your organisation's brand and style guides, and archive what does not apply.",
			href: '/admin/corpus',
			done: ownDocuments > 0
		},
		{
			id: 'guard',
			title: 'Set your local patterns for the personal-data guard',
			hint: "Check the hospital number format the guard looks for, and save your organisation's own, so it is caught before it reaches a model.",
			href: '/admin/settings#guard-heading',
			done: localPatternSaved
		},
		{
			id: 'acceptable-use',
			title: 'Publish your acceptable-use statement',
			hint: 'Everyone accepts it before they start. Adapt the default text to your information governance rules.',
			href: '/admin/settings#acceptable-use-heading',
			done: Boolean(acceptableUse?.createdBy)
		},
		{
			id: 'colleagues',
			title: 'Invite colleagues',
			hint: 'Create an invitation link for each colleague under Users and roles (it can make them an administrator), or let them sign up themselves.',
			href: '/admin/users',
			done: users > 1
		}
	];
}
