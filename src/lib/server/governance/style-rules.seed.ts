/**
 * The built-in draft-check rules, from the NHS A to Z of health writing, the content style guide and
 * the inclusive content guidance (paraphrased in the sample corpus). They are seeded into
 * `style_rules` when missing; after that the database copy is the one that counts and admins curate it.
 *
 * `examples` are not stored: the unit spec runs them. In `flag` examples the text between « and » is
 * exactly what the rule must find; `pass` examples must give no finding for the rule.
 */
import type { RuleCategory } from '$lib/governance/draft-checks';

export type SeedRule = {
	id: string;
	category: RuleCategory;
	pattern: string;
	caseSensitive?: boolean;
	exceptions?: string[];
	message: string;
	suggestion: string;
	/** "collection-slug/document-slug" in the sample corpus. */
	documentRef: string;
	examples: { flag: string[]; pass: string[] };
};

const AZ1 = 'tone-and-style/a-to-z-health-words-part-1';
const AZ2 = 'tone-and-style/a-to-z-health-words-part-2';
const FORMAT = 'tone-and-style/formatting-and-punctuation';
const TONE = 'tone-and-style/tone-of-voice';
const WRITING = 'tone-and-style/writing-style';
const NUMBERS = 'tone-and-style/numbers-dates-and-times';
const MESSAGES = 'tone-and-style/letters-nhs-app-messages-and-texts';
const DISABILITY = 'inclusive-language/disability-and-long-term-conditions';
const AGE = 'inclusive-language/age';
const ETHNICITY = 'inclusive-language/ethnicity-and-skin';
const SEX = 'inclusive-language/sex-gender-and-hearing-loss';

/** The official page each sample document paraphrases (also in each document's front matter). */
export const SOURCE_URLS: Record<string, string> = {
	[AZ1]: 'https://service-manual.nhs.uk/content/a-to-z-of-nhs-health-writing',
	[AZ2]: 'https://service-manual.nhs.uk/content/a-to-z-of-nhs-health-writing',
	[FORMAT]: 'https://service-manual.nhs.uk/content/formatting-and-punctuation',
	[TONE]: 'https://service-manual.nhs.uk/content',
	[WRITING]: 'https://service-manual.nhs.uk/content',
	[NUMBERS]: 'https://service-manual.nhs.uk/content/numbers-measurements-dates-time',
	[MESSAGES]: 'https://service-manual.nhs.uk/content',
	[DISABILITY]: 'https://service-manual.nhs.uk/content/inclusive-content',
	[AGE]: 'https://service-manual.nhs.uk/content/inclusive-content',
	[ETHNICITY]: 'https://service-manual.nhs.uk/content/inclusive-content',
	[SEX]: 'https://service-manual.nhs.uk/content/inclusive-content'
};

/** Titles of the sample documents, used when a library has not loaded the sample corpus. */
export const SAMPLE_DOCUMENTS: Record<string, { title: string; collection: string }> = {
	[AZ1]: { title: 'A to Z of NHS health words part 1', collection: 'Tone of voice and content style' },
	[AZ2]: { title: 'A to Z of NHS health words part 2', collection: 'Tone of voice and content style' },
	[FORMAT]: { title: 'Formatting and punctuation', collection: 'Tone of voice and content style' },
	[TONE]: { title: 'Tone of voice', collection: 'Tone of voice and content style' },
	[WRITING]: { title: 'Writing style and readability', collection: 'Tone of voice and content style' },
	[NUMBERS]: { title: 'Numbers, dates and times', collection: 'Tone of voice and content style' },
	[MESSAGES]: { title: 'Letters, NHS App messages and text messages', collection: 'Tone of voice and content style' },
	[DISABILITY]: {
		title: 'Inclusive language for disability and long-term conditions',
		collection: 'Inclusive language'
	},
	[AGE]: { title: 'Inclusive language for age', collection: 'Inclusive language' },
	[ETHNICITY]: { title: 'Inclusive language for ethnicity and skin', collection: 'Inclusive language' },
	[SEX]: { title: 'Inclusive language for sex, gender, Deaf people and hearing loss', collection: 'Inclusive language' }
};

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const SHORT_MONTHS = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';

/** One rule per negative contraction, so each suggestion is exact. */
const NEGATIVE_CONTRACTIONS: [string, string][] = [
	['don', 'do not'],
	['doesn', 'does not'],
	['didn', 'did not'],
	['isn', 'is not'],
	['aren', 'are not'],
	['wasn', 'was not'],
	['weren', 'were not'],
	['haven', 'have not'],
	['hasn', 'has not'],
	['shouldn', 'should not'],
	['wouldn', 'would not'],
	['couldn', 'could not'],
	['mustn', 'must not']
];

const contractionRules: SeedRule[] = [
	...NEGATIVE_CONTRACTIONS.map(([stem, full]): SeedRule => {
		const word = `${stem}'t`;
		return {
			id: `style.contraction-${stem}t`,
			category: 'style',
			pattern: String.raw`\b${stem}['’]t\b`,
			message: `Do not use negative contractions: the "not" is easy to miss in "${word}".`,
			suggestion: full,
			documentRef: FORMAT,
			examples: {
				flag: [`You «${word}» need to bring anything.`, `«${word.charAt(0).toUpperCase() + word.slice(1)}» worry.`],
				pass: [`You ${full} need to.`, "You'll get a letter and we're here to help."]
			}
		};
	}),
	{
		id: 'style.contraction-cant',
		category: 'style',
		pattern: String.raw`\bcan['’]t\b`,
		message: 'Do not use negative contractions: write "cannot" in full.',
		suggestion: 'cannot',
		documentRef: FORMAT,
		examples: { flag: ['If you «can’t» come, call us.'], pass: ['If you cannot come, call us.', 'You can take it.'] }
	},
	{
		id: 'style.contraction-wont',
		category: 'style',
		pattern: String.raw`\bwon['’]t\b`,
		message: 'Do not use negative contractions: write "will not" in full.',
		suggestion: 'will not',
		documentRef: FORMAT,
		examples: { flag: ["It «won't» hurt."], pass: ['It will not hurt.', 'She won the award.'] }
	}
];

export const STYLE_RULE_SEEDS: SeedRule[] = [
	// --- NHS words (A to Z) ----------------------------------------------------------------------
	{
		id: 'az.chemist',
		category: 'a-to-z',
		pattern: String.raw`\bchemists?\b`,
		message: '"Pharmacy" is the name of the NHS service; a chemist can also mean a scientist.',
		suggestion: 'pharmacy',
		documentRef: AZ1,
		examples: {
			flag: ['Ask your local «chemist» for advice.'],
			pass: ['Ask your local pharmacy.', 'Chemistry lessons']
		}
	},
	{
		id: 'az.medication',
		category: 'a-to-z',
		pattern: String.raw`\bmedications?\b`,
		message: '"Medicine" is shorter and more familiar than "medication".',
		suggestion: 'medicine',
		documentRef: AZ1,
		examples: { flag: ['Keep taking your «medication».'], pass: ['Keep taking your medicine.', 'Medical advice'] }
	},
	{
		id: 'az.drugs',
		category: 'a-to-z',
		pattern: String.raw`\bdrugs?\b`,
		exceptions: [
			String.raw`\b(?:illegal|illicit|recreational|street|controlled|class [ABC]) drugs?\b`,
			String.raw`\bdrugs? (?:and|or) alcohol\b`,
			String.raw`\balcohol (?:and|or|and other) drugs?\b`,
			String.raw`\bdrug (?:use|users?|misuse|abuse|dealing|dealers?|addiction|taking|services?)\b`
		],
		message: 'Say "medicines" for treatments. Many people link "drugs" with illegal drugs.',
		suggestion: 'medicines',
		documentRef: AZ1,
		examples: {
			flag: ['Your «drugs» will be ready on Friday.', 'This «drug» can cause headaches.'],
			pass: [
				'Dr Patel will see you.',
				'Get help with illegal drugs.',
				'Support for drug and alcohol use.',
				'Dr. Khan prescribed a medicine.',
				'drugstore'
			]
		}
	},
	{
		id: 'az.clinician',
		category: 'a-to-z',
		pattern: String.raw`\bclinicians?\b`,
		message: 'Most people do not use the word "clinician" and may not know who it includes.',
		suggestion: 'doctor, nurse or other healthcare professional',
		documentRef: AZ1,
		examples: { flag: ['A «clinician» will call you.'], pass: ['A nurse will call you.', 'clinical trial'] }
	},
	{
		id: 'az.disease',
		category: 'a-to-z',
		pattern: String.raw`\bdiseases?\b`,
		exceptions: [
			String.raw`\b(?:heart|kidney|liver|lung|coeliac|Lyme|motor neurone|sickle cell|Crohn['’]s|Parkinson['’]s|Alzheimer['’]s|Huntington['’]s|Addison['’]s|Hodgkin['’]s|Paget['’]s|Legionnaires['’]?|Graves['’]?|inflammatory bowel|pelvic inflammatory|chronic obstructive pulmonary|hand, foot and mouth|cardiovascular|infectious) diseases?\b`
		],
		message: 'Words like "condition", "illness" or "problem" are gentler than "disease", unless it is part of a name.',
		suggestion: 'condition, illness or problem',
		documentRef: AZ1,
		examples: {
			flag: ['This «disease» affects the joints.'],
			pass: ['Parkinson’s disease and heart disease are different.', 'This condition affects the joints.']
		}
	},
	{
		id: 'az.disorder',
		category: 'a-to-z',
		pattern: String.raw`\bdisorders?\b`,
		exceptions: [
			String.raw`\b(?:eating|bipolar|personality|obsessive compulsive|post-traumatic stress|seasonal affective|attention deficit hyperactivity|autism spectrum|body dysmorphic|panic|anxiety|sleep) disorders?\b`
		],
		message: 'Use "condition" or "problem" rather than "disorder", unless it is part of a name.',
		suggestion: 'condition or problem',
		documentRef: AZ1,
		examples: {
			flag: ['A blood «disorder» can make you tired.'],
			pass: ['Help for eating disorders and bipolar disorder.', 'A blood condition']
		}
	},
	{
		id: 'az.covid',
		category: 'a-to-z',
		pattern: String.raw`\b(?:[Cc]ovid(?:-?19)?|COVID(?:19)?)\b(?!-19)`,
		caseSensitive: true,
		message: 'Write COVID-19 in capitals with the hyphen.',
		suggestion: 'COVID-19',
		documentRef: AZ1,
		examples: {
			flag: ['Get your «Covid-19» vaccine.', 'After «covid» you may feel tired.'],
			pass: ['Get your COVID-19 vaccine.']
		}
	},
	{
		id: 'az.passed-away',
		category: 'a-to-z',
		pattern: String.raw`\bpass(?:ed|es|ing)? away\b`,
		message: 'Be clear and say "died". Euphemisms can confuse people.',
		suggestion: 'died',
		documentRef: AZ1,
		examples: { flag: ['Her father «passed away» last year.'], pass: ['Her father died last year.', 'Pass the salt.'] }
	},
	{
		id: 'az.dietician',
		category: 'a-to-z',
		pattern: String.raw`\bdieticians?\b`,
		message: '"Dietitian", with a t, is the protected professional title.',
		suggestion: 'dietitian',
		documentRef: AZ1,
		examples: { flag: ['See a «dietician».'], pass: ['See a dietitian.'] }
	},
	{
		id: 'az.eg',
		category: 'a-to-z',
		pattern: String.raw`\be\.?g\b\.?`,
		message: 'Some screen readers read "eg" as a word, and many people do not know what it means.',
		suggestion: 'for example',
		documentRef: AZ2,
		examples: {
			flag: ['Fruit, «e.g.» apples.', 'Fruit, «eg» apples.'],
			pass: ['Fruit, for example apples.', 'An egg a day.', 'my leg']
		}
	},
	{
		id: 'az.ie',
		category: 'a-to-z',
		pattern: String.raw`\bi\.?e\b\.?`,
		message: 'Many people confuse "ie" with "eg". Rewrite the sentence.',
		suggestion: 'that is, or which means',
		documentRef: AZ2,
		examples: { flag: ['Fast, «i.e.» do not eat.'], pass: ['Fast, which means do not eat.', 'a tie', 'Piece'] }
	},
	{
		id: 'az.etc',
		category: 'a-to-z',
		pattern: String.raw`\betc\b\.?`,
		message: '"Etc" is vague. List everything that matters, or start the list with "for example".',
		suggestion: 'for example, followed by the list',
		documentRef: AZ2,
		examples: { flag: ['Bring your letter, medicines «etc.»'], pass: ['Bring your letter and medicines.', 'etching'] }
	},
	{
		id: 'az.fever',
		category: 'a-to-z',
		pattern: String.raw`\bfevers?\b`,
		exceptions: [String.raw`\b(?:glandular|scarlet|yellow|hay|rheumatic|typhoid|dengue|lassa|Q) fever\b`],
		message: '"High temperature" is clearer than "fever".',
		suggestion: 'high temperature',
		documentRef: AZ1,
		examples: {
			flag: ['If your child has a «fever», give them fluids.'],
			pass: ['Hay fever and scarlet fever are common.']
		}
	},
	{
		id: 'az.immunisation',
		category: 'a-to-z',
		pattern: String.raw`\bimmuni[sz](?:ations?|e|es|ed|ing)\b`,
		message: 'More people know and search for "vaccination".',
		suggestion: 'vaccination (or vaccinate)',
		documentRef: AZ1,
		examples: {
			flag: ['Childhood «immunisations» protect.', 'Get «immunized».'],
			pass: ['Childhood vaccinations protect.', 'immune system']
		}
	},
	{
		id: 'az.jab',
		category: 'a-to-z',
		pattern: String.raw`\bjabs?\b`,
		message:
			'"Jab" is informal, can sound alarming and is less clear to people who read English as an additional language.',
		suggestion: 'vaccine or vaccination',
		documentRef: AZ1,
		examples: { flag: ['Book your flu «jab».'], pass: ['Book your flu vaccination.', 'Jabbar Khan'] }
	},
	{
		id: 'az.renal',
		category: 'a-to-z',
		pattern: String.raw`\brenal\b`,
		message: 'Use the plain word "kidney".',
		suggestion: 'kidney',
		documentRef: AZ1,
		examples: { flag: ['The «renal» unit is on floor 2.'], pass: ['The kidney unit is on floor 2.', 'internal'] }
	},
	{
		id: 'az.medical-record',
		category: 'a-to-z',
		pattern: String.raw`\bmedical records?\b`,
		message: 'Say "health record".',
		suggestion: 'health record',
		documentRef: AZ2,
		examples: { flag: ['View your «medical record» online.'], pass: ['View your health record online.'] }
	},
	{
		id: 'az.nausea',
		category: 'a-to-z',
		pattern: String.raw`\bnause(?:a|ous|ated)\b`,
		message: 'Use the words people use: "feeling sick".',
		suggestion: 'feeling sick',
		documentRef: AZ1,
		examples: { flag: ['You may have «nausea».'], pass: ['You may feel sick.'] }
	},
	{
		id: 'az.vomiting',
		category: 'a-to-z',
		pattern: String.raw`\bvomit(?:ing|s|ed)?\b`,
		message: 'Use the words people use: "being sick".',
		suggestion: 'being sick',
		documentRef: AZ1,
		examples: { flag: ['Diarrhoea and «vomiting».'], pass: ['Diarrhoea and being sick.'] }
	},
	{
		id: 'az.normally',
		category: 'a-to-z',
		pattern: String.raw`\bnormally\b`,
		message: '"Usually" is the plainer word.',
		suggestion: 'usually',
		documentRef: AZ2,
		examples: { flag: ['It «normally» gets better.'], pass: ['It usually gets better.', 'This is normal.'] }
	},
	{
		id: 'az.occur',
		category: 'a-to-z',
		pattern: String.raw`\boccur(?:s|red|ring|rences?)?\b`,
		message: '"Happen" is the plainer word.',
		suggestion: 'happen',
		documentRef: AZ2,
		examples: { flag: ['Side effects may «occur».'], pass: ['Side effects may happen.', 'occupation'] }
	},
	{
		id: 'az.prognosis',
		category: 'a-to-z',
		pattern: String.raw`\bprognos(?:is|es)\b`,
		message: 'Use the plain word "outlook".',
		suggestion: 'outlook',
		documentRef: AZ1,
		examples: { flag: ['The «prognosis» is good.'], pass: ['The outlook is good.'] }
	},
	{
		id: 'az.seek',
		category: 'a-to-z',
		pattern: String.raw`\b(?:seek(?:s|ing)?|sought)\b`,
		exceptions: [String.raw`\bhide and seek\b`],
		message: '"Ask for" or "get" is plainer than "seek".',
		suggestion: 'ask for (or get)',
		documentRef: AZ2,
		examples: { flag: ['«Seek» medical advice.'], pass: ['Ask for help.', 'Children playing hide and seek.'] }
	},
	{
		id: 'az.uterus',
		category: 'a-to-z',
		pattern: String.raw`\buter(?:us|i|ine)\b`,
		message: 'Use the plain word "womb" (you can add the medical term in brackets).',
		suggestion: 'womb',
		documentRef: AZ1,
		examples: { flag: ['Cancer of the «uterus».'], pass: ['Cancer of the womb.', 'womb (uterus) cancer'] },
		exceptions: [String.raw`\(uter(?:us|i|ine)\)`]
	},
	{
		id: 'az.sms',
		category: 'a-to-z',
		pattern: String.raw`\bSMS\b`,
		caseSensitive: true,
		message: 'Say "text message".',
		suggestion: 'text message',
		documentRef: AZ2,
		examples: { flag: ['We will send an «SMS» reminder.'], pass: ['We will send a text message.', 'sms-gateway'] }
	},
	{
		id: 'az.std',
		category: 'a-to-z',
		pattern: String.raw`\bSTDs?\b`,
		caseSensitive: true,
		message: 'The NHS uses "sexually transmitted infection (STI)".',
		suggestion: 'STI',
		documentRef: AZ1,
		examples: { flag: ['Get tested for «STDs».'], pass: ['Get tested for STIs.', 'std::vector'] },
		exceptions: [String.raw`STD::`]
	},
	{
		id: 'az.log-on',
		category: 'a-to-z',
		pattern: String.raw`\blog(?:s|ged|ging)? ?(?:on|off)\b`,
		message: 'Say "log in" and "log out".',
		suggestion: 'log in (or log out)',
		documentRef: AZ2,
		examples: {
			flag: ['«Log on» to the NHS App.', '«Log off» when you finish.'],
			pass: ['Log in to the NHS App.', 'a log of events']
		}
	},
	{
		id: 'az.telephone',
		category: 'a-to-z',
		pattern: String.raw`\btelephon(?:e|es|ed|ing)\b`,
		message: 'Say "phone" or "call".',
		suggestion: 'phone (or call)',
		documentRef: AZ2,
		examples: { flag: ['«Telephone» 111.', 'Our «telephone» number'], pass: ['Call 111.', 'Our phone number'] }
	},
	{
		id: 'az.dial',
		category: 'a-to-z',
		pattern: String.raw`\bdial(?:s|led|ling)?\b`,
		message: 'Say "call", for example "call 111".',
		suggestion: 'call',
		documentRef: AZ2,
		examples: { flag: ['«Dial» 999 in an emergency.'], pass: ['Call 999 in an emergency.', 'dialysis', 'dialect'] }
	},
	{
		id: 'az.ring',
		category: 'a-to-z',
		pattern: String.raw`\b(?:ring(?:s|ing)?|rang) (?:us|them|him|her|the|your|our|111|999|119|back)\b`,
		message: 'Say "call", for example "call us".',
		suggestion: 'call',
		documentRef: AZ2,
		examples: {
			flag: ['«Ring us» on Monday.', '«Ring 111».'],
			pass: ['Call us on Monday.', 'a wedding ring', 'ring finger']
		}
	},
	{
		id: 'az.patients',
		category: 'a-to-z',
		pattern: String.raw`\bpatients\b`,
		exceptions: [String.raw`\bpatients['’]? (?:safety|experience|records?|association)\b`],
		message: 'Say "people" where you can: many readers are carers or people looking up symptoms.',
		suggestion: 'people (or "you")',
		documentRef: AZ2,
		examples: { flag: ['«Patients» can book online.'], pass: ['You can book online.', 'Be patient with us.'] }
	},
	{
		id: 'az.homeless',
		category: 'a-to-z',
		pattern: String.raw`\b(?:the homeless|homeless (?:people|person|men|women))\b`,
		message: 'Describe people first.',
		suggestion: 'people who are homeless',
		documentRef: AZ2,
		examples: {
			flag: ['Services for «the homeless».', 'Help for «homeless people».'],
			pass: ['Help for people who are homeless.']
		}
	},
	{
		id: 'az.britain',
		category: 'a-to-z',
		pattern: String.raw`\b(?:Great )?Britain\b`,
		caseSensitive: true,
		message: 'Say "UK", unless you really mean Great Britain only.',
		suggestion: 'UK',
		documentRef: AZ2,
		examples: { flag: ['Across «Great Britain».'], pass: ['Across the UK.', 'British'] }
	},
	{
		id: 'az.x-ray',
		category: 'a-to-z',
		pattern: String.raw`\b(?:x[ -]?ray|X ?ray|X-Ray|X RAY|X-RAY)s?\b`,
		caseSensitive: true,
		message: 'Write "X-ray" with a capital X and a hyphen.',
		suggestion: 'X-ray',
		documentRef: AZ1,
		examples: { flag: ['You need an «x-ray».', 'An «Xray»'], pass: ['You need an X-ray.', 'Two X-rays'] }
	},
	{
		id: 'az.health-care',
		category: 'a-to-z',
		pattern: String.raw`\bhealth[ -]care\b`,
		message: 'Write "healthcare" as one word.',
		suggestion: 'healthcare',
		documentRef: AZ1,
		examples: { flag: ['Your «health care» team.'], pass: ['Your healthcare team.'] }
	},
	{
		id: 'az.wellbeing',
		category: 'a-to-z',
		pattern: String.raw`\bwell[ -]being\b`,
		message: 'Write "wellbeing" as one word.',
		suggestion: 'wellbeing',
		documentRef: AZ2,
		examples: {
			flag: ['Your «well-being» matters.'],
			pass: ['Your wellbeing matters.', 'You are well. Being active helps.']
		}
	},
	{
		id: 'az.breastfeeding',
		category: 'a-to-z',
		pattern: String.raw`\bbreast[ -](?:feed(?:s|ing)?|fed)\b`,
		message: 'Write "breastfeeding" as one word.',
		suggestion: 'breastfeeding',
		documentRef: AZ2,
		examples: { flag: ['Help with «breast-feeding».'], pass: ['Help with breastfeeding.', 'breast milk'] }
	},
	{
		id: 'az.breast-milk',
		category: 'a-to-z',
		pattern: String.raw`\bbreastmilk\b`,
		message: 'Write "breast milk" as 2 words.',
		suggestion: 'breast milk',
		documentRef: AZ2,
		examples: { flag: ['Storing «breastmilk».'], pass: ['Storing breast milk.'] }
	},
	{
		id: 'az.experience-symptoms',
		category: 'a-to-z',
		pattern: String.raw`\bexperienc(?:e|es|ed|ing) (?:any |some |these |the |a |an )?(?:symptoms?|pain|side effects?|problems?)\b`,
		message: 'Use short words: "get" or "have" rather than "experience".',
		suggestion: 'get (or have)',
		documentRef: WRITING,
		examples: {
			flag: ['If you «experience side effects», tell us.'],
			pass: ['If you get side effects, tell us.', 'Your experience matters.']
		}
	},
	{
		id: 'az.gp-dots',
		category: 'a-to-z',
		pattern: String.raw`\bG\.P\.?(?:['’]?s)?`,
		caseSensitive: true,
		message: 'Write "GP" with no full stops.',
		suggestion: 'GP',
		documentRef: AZ2,
		examples: { flag: ['See your «G.P.» today.'], pass: ['See your GP today.'] }
	},
	{
		id: 'az.gp-spelled-out',
		category: 'a-to-z',
		pattern: String.raw`\bgeneral practitioners?\b`,
		message: 'Use "GP" without spelling it out. Almost everyone knows what it means.',
		suggestion: 'GP',
		documentRef: AZ2,
		examples: { flag: ['Speak to your «general practitioner».'], pass: ['Speak to your GP.'] }
	},
	{
		id: 'az.gp-lower-case',
		category: 'a-to-z',
		pattern: String.raw`\b(?:gp|Gp)s?\b`,
		caseSensitive: true,
		message: 'Write "GP" in capitals.',
		suggestion: 'GP',
		documentRef: AZ2,
		examples: { flag: ['Ask your «gp».'], pass: ['Ask your GP.', 'GPs and nurses'] }
	},
	{
		id: 'az.gp-surgery',
		category: 'a-to-z',
		pattern: String.raw`\b(?:doctor['’]?s['’]? surgery|doctors['’]? surgery|GP practice|general practice)\b`,
		message: 'For the public, say "GP surgery" ("practice" is the word staff use).',
		suggestion: 'GP surgery',
		documentRef: AZ2,
		examples: {
			flag: ['Contact your «doctor’s surgery».', 'Your «GP practice» can help.'],
			pass: ['Contact your GP surgery.']
		}
	},
	{
		id: 'az.proxy',
		category: 'a-to-z',
		pattern: String.raw`\bprox(?:y|ies)\b`,
		message: 'Say "carer" or "trusted person", not "proxy".',
		suggestion: 'carer or trusted person',
		documentRef: MESSAGES,
		examples: { flag: ['Set up «proxy» access.'], pass: ['Let a trusted person help.', 'proximity'] }
	},
	{
		id: 'az.pee',
		category: 'a-to-z',
		pattern: String.raw`\b(?:urinat(?:e|es|ed|ing|ion)|micturition)\b`,
		message: 'Use the words people use: "pee".',
		suggestion: 'pee',
		documentRef: AZ1,
		examples: { flag: ['Pain when you «urinate».'], pass: ['Pain when you pee.', 'a urine sample'] }
	},
	{
		id: 'az.poo',
		category: 'a-to-z',
		pattern: String.raw`\b(?:faeces|feces|stools?|bowel movements?|defecat(?:e|es|ed|ing|ion))\b`,
		message: 'Use the words people use: "poo".',
		suggestion: 'poo',
		documentRef: AZ1,
		examples: { flag: ['Blood in your «stools».'], pass: ['Blood in your poo.', 'a stoolball match'] }
	},
	{
		id: 'az.bottom',
		category: 'a-to-z',
		pattern: String.raw`\b(?:anus|buttocks?|rectum)\b`,
		message: 'Use the words people use: "bottom" (you can add the medical term in brackets).',
		suggestion: 'bottom',
		documentRef: AZ1,
		exceptions: [String.raw`\((?:anus|buttocks?|rectum)\)`],
		examples: { flag: ['Itching around the «anus».'], pass: ['Itching around your bottom.', 'bottom (anus)'] }
	},

	// --- Content style and punctuation -----------------------------------------------------------
	...contractionRules,
	{
		id: 'style.curly-quotes',
		category: 'style',
		pattern: '[“”]',
		message: 'Use straight quotation marks (").',
		suggestion: '"',
		documentRef: FORMAT,
		examples: { flag: ['Say «“»yes«”».'], pass: ['Say "yes".'] }
	},
	{
		id: 'style.block-capitals',
		category: 'style',
		pattern: String.raw`\b[A-Z]{4,}(?:[ \t]+[A-Z]{2,})+\b`,
		caseSensitive: true,
		message: 'Do not write in block capitals: it is harder to read and can feel like shouting.',
		suggestion: 'Use sentence case, and bold sparingly for a warning',
		documentRef: FORMAT,
		examples: {
			flag: ['«PLEASE NOTE» the new times.'],
			pass: ['Please note the new times.', 'The NHS UK team', 'COVID-19 and WCAG']
		}
	},
	{
		id: 'style.click-here',
		category: 'style',
		pattern: String.raw`\b(?:click here|read more|here)\b(?=\]\(|<\/a>)|\bclick here\b`,
		message: 'Link text must say where the link goes. "Click here" means nothing out of context.',
		suggestion: 'Describe the destination, for example "find a pharmacy near you"',
		documentRef: FORMAT,
		examples: {
			flag: ['To book, «click here».', 'Book [«here»](https://nhs.uk).'],
			pass: ['Find a pharmacy near you.', 'We are here to help.']
		}
	},
	{
		id: 'style.greeting-hi',
		category: 'style',
		pattern: String.raw`(?<=^|\n)[ \t]*(?:Hi|Hey|Hiya|Hello)\b`,
		caseSensitive: true,
		message: 'In letters and messages, greet people with "Dear" and their name.',
		suggestion: 'Dear [name]',
		documentRef: MESSAGES,
		examples: {
			flag: ['«Hi» Sam,\nYour appointment is booked.'],
			pass: ['Dear Sam,\nYour appointment is booked.', 'We said hi to them.']
		}
	},
	{
		id: 'style.should',
		category: 'style',
		pattern: String.raw`\bshould\b`,
		message: '"Should" can sound like a telling-off and leaves people unsure if something is required.',
		suggestion: 'Say what to do ("do", "you need to" or "you can")',
		documentRef: TONE,
		examples: { flag: ['You «should» bring your letter.'], pass: ['Bring your letter.', 'shoulder pain'] }
	},

	// --- Numbers, dates and times ----------------------------------------------------------------
	{
		id: 'numbers.words',
		category: 'numbers',
		pattern: String.raw`\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand)\b`,
		exceptions: [
			String.raw`\b(?:no|any|every|each|this|that|which|the right|the only|the) one\b`,
			String.raw`\bone (?:another|of (?:them|us|you)|or (?:two|more)|day|way|thing)\b`,
			String.raw`\bone-(?:to-one|off)\b`
		],
		message: 'Use numerals for numbers, including 1 and 2. They are easier to scan.',
		suggestion: 'the numeral, for example 3',
		documentRef: NUMBERS,
		examples: {
			flag: ['Take «two» tablets.', 'Wait «three» weeks.'],
			pass: ['Take 2 tablets.', 'No one will call.', 'Someone will call.', 'Often', 'a one-to-one session']
		}
	},
	{
		id: 'numbers.thousands-comma',
		category: 'numbers',
		pattern: String.raw`(?<![\w,.:/\-])[1-9]\d{3,}(?![\w,.:/])`,
		exceptions: [
			String.raw`\b(?:1[89]|20|21)\d{2}\b`,
			String.raw`\b\d{3} ?\d{3} ?\d{4}\b`,
			String.raw`\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b`
		],
		message: 'Use a comma in numbers from 1,000.',
		suggestion: 'add a comma, for example 5,000',
		documentRef: NUMBERS,
		examples: {
			flag: ['Over «5000» people came.', 'We saw «12000» people.'],
			pass: [
				'Over 5,000 people came.',
				'In 2026 we opened.',
				'NHS number 999 123 4567',
				'Call 0300 123 4567',
				'DCB1605'
			]
		}
	},
	{
		id: 'numbers.decimal-percentage',
		category: 'numbers',
		pattern: String.raw`\b\d+\.\d+ ?(?:%|per ?cent\b)`,
		message: 'Decimals and percentages are hard for many people. "1 in 7" is clearer than 14.3%.',
		suggestion: 'a whole number, or "1 in 7" style',
		documentRef: NUMBERS,
		examples: { flag: ['About «14.3%» of people.'], pass: ['About 1 in 7 people.', 'Take 2.5mg.'] }
	},
	{
		id: 'numbers.unit-space',
		category: 'numbers',
		pattern: String.raw`\b\d+(?:\.\d+)?[ \t](?:mg|mcg|g|kg|ml|mm|cm|km)\b`,
		message: 'Do not put a space between a number and its unit.',
		suggestion: 'for example 250mg',
		documentRef: NUMBERS,
		examples: { flag: ['Take «250 mg» twice a day.'], pass: ['Take 250mg twice a day.', '5 grams'] }
	},
	{
		id: 'numbers.range-dash',
		category: 'numbers',
		pattern: String.raw`\b\d+[ \t]?[-–—][ \t]?\d+\b`,
		exceptions: [
			String.raw`\b\d{4}-\d{2}-\d{2}\b`,
			String.raw`\b\d{1,2}-\d{1,2}-\d{2,4}\b`,
			String.raw`\b\d{3}[ -]\d{3}[ -]\d{4}\b`,
			String.raw`[A-Za-z]-\d+`
		],
		message: 'Use "to" in ranges, not a dash.',
		suggestion: 'for example "aged 4 to 16"',
		documentRef: NUMBERS,
		examples: {
			flag: ['Children aged «4-16».', 'Open «9–5».'],
			pass: ['Children aged 4 to 16.', 'COVID-19', 'Due 2026-08-06']
		}
	},
	{
		id: 'numbers.temperature',
		category: 'numbers',
		pattern: String.raw`\b\d+(?:\.\d+)?[ \t]?(?:°[ \t]?[CF]?|degrees?(?:[ \t](?:C|F|Celsius|centigrade|Fahrenheit))?\b)`,
		message: 'Write temperatures in Celsius with no degree sign, for example 38C.',
		suggestion: 'for example 38C',
		documentRef: NUMBERS,
		examples: { flag: ['A temperature of «38°C».', 'Over «38 degrees».'], pass: ['A temperature of 38C.'] }
	},
	{
		id: 'numbers.date-numeric',
		category: 'numbers',
		pattern: String.raw`\b\d{1,2}([/.\-])\d{1,2}\1\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b`,
		message: 'Write dates with the month in full, for example 6 August 2026.',
		suggestion: 'for example 6 August 2026',
		documentRef: NUMBERS,
		examples: {
			flag: ['Your appointment is on «06/08/2026».', 'Due «2026-08-06».'],
			pass: ['Your appointment is on 6 August 2026.', 'Take 2.5mg']
		}
	},
	{
		id: 'numbers.date-ordinal',
		category: 'numbers',
		pattern: String.raw`\b\d{1,2}(?:st|nd|rd|th)(?:[ \t]+of)?[ \t]+(?:${MONTHS}|${SHORT_MONTHS})\b`,
		message: 'Do not use "st", "nd", "rd" or "th" in dates.',
		suggestion: 'for example 6 August 2026',
		documentRef: NUMBERS,
		examples: { flag: ['On «6th August».', 'The «1st of May».'], pass: ['On 6 August.', 'The 4th floor'] }
	},
	{
		id: 'numbers.date-month-first',
		category: 'numbers',
		pattern: String.raw`\b(?:${MONTHS}|${SHORT_MONTHS})\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?\b(?!:)`,
		caseSensitive: true,
		message: 'Put the day before the month, for example 6 August 2026.',
		suggestion: 'for example 6 August 2026',
		documentRef: NUMBERS,
		examples: {
			flag: ['On «August 6», 2026.', 'From «March 3rd».'],
			pass: ['On 6 August 2026.', 'In August 2026.', 'You may 2']
		}
	},
	{
		id: 'numbers.date-short-month',
		category: 'numbers',
		pattern: String.raw`\b\d{1,2}[ \t]+(?:${SHORT_MONTHS})\b\.?`,
		caseSensitive: true,
		message: 'Write the month in full.',
		suggestion: 'for example 6 August 2026',
		documentRef: NUMBERS,
		examples: { flag: ['On «6 Aug» 2026.'], pass: ['On 6 August 2026.', '6 Augustine Road'] }
	},
	{
		id: 'numbers.midnight-midday',
		category: 'numbers',
		pattern: String.raw`\b12(?:[:.]00)?[ \t]?(?:am|pm|a\.m\.|p\.m\.|AM|PM)`,
		message: 'Say "midnight" or "midday": 12am and 12pm confuse people.',
		suggestion: 'midnight (or midday)',
		documentRef: NUMBERS,
		examples: { flag: ['Open until «12am».', 'From «12 pm».'], pass: ['Open until midnight.', 'From 11am.'] }
	},
	{
		id: 'numbers.time-format',
		category: 'numbers',
		pattern: String.raw`\b\d{1,2}(?:[:.]\d{2})?[ \t](?:am|pm)\b|\b\d{1,2}\.\d{2}(?:am|pm)\b|\b\d{1,2}(?:[:.]\d{2})?[ \t]?(?:a\.m\.|p\.m\.|AM|PM)(?!\w)`,
		caseSensitive: true,
		exceptions: [String.raw`\b12(?:[:.]00)?[ \t]?(?:am|pm|a\.m\.|p\.m\.|AM|PM)`],
		message: 'Write times like 5pm or 5:30pm: no space, lower case, a colon between hours and minutes.',
		suggestion: 'for example 5pm or 5:30pm',
		documentRef: NUMBERS,
		examples: { flag: ['Open until «5 pm».', 'At «5.30pm».', 'At «9 AM».'], pass: ['Open until 5pm.', 'At 5:30pm.'] }
	},
	{
		id: 'numbers.24-hour-clock',
		category: 'numbers',
		pattern: String.raw`\b(?:1[3-9]|2[0-3]):[0-5]\d\b`,
		message: 'Use the 12-hour clock, for example 5pm not 17:00.',
		suggestion: 'for example 5pm',
		documentRef: NUMBERS,
		examples: { flag: ['Closes at «17:30».'], pass: ['Closes at 5:30pm.', 'Ratio 1:30'] }
	},
	{
		id: 'numbers.oclock',
		category: 'numbers',
		pattern: String.raw`\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ \t]?o['’]clock\b`,
		message: 'Write times as 5pm.',
		suggestion: 'for example 5pm',
		documentRef: NUMBERS,
		examples: { flag: ['At «5 o’clock».'], pass: ['At 5pm.'] }
	},

	// --- Inclusive language ------------------------------------------------------------------------
	{
		id: 'inclusive.diabetic',
		category: 'inclusive',
		pattern: String.raw`\bdiabetics?\b`,
		exceptions: [
			String.raw`\bdiabetic (?:eye|retinopathy|foot|feet|ketoacidosis|neuropathy|nephropathy|clinic|nurse|team|service)`
		],
		message: 'Describe the person, not the condition.',
		suggestion: 'person with diabetes (or "has diabetes")',
		documentRef: DISABILITY,
		examples: {
			flag: ['Advice for «diabetics».', 'If you are «diabetic», check your feet.'],
			pass: ['Advice for people with diabetes.', 'Book diabetic eye screening.']
		}
	},
	{
		id: 'inclusive.elderly',
		category: 'inclusive',
		pattern: String.raw`\b(?:the )?elderly\b`,
		message: 'Avoid "elderly". Give the age group, or say "older people" only if you need to.',
		suggestion: 'adults aged 65 and over (or older people)',
		documentRef: AGE,
		examples: {
			flag: ['Care for «the elderly».', '«Elderly» people'],
			pass: ['Adults aged 65 and over.', 'elder tree']
		}
	},
	{
		id: 'inclusive.pensioners',
		category: 'inclusive',
		pattern: String.raw`\b(?:pensioners?|OAPs?|senior citizens?|seniors)\b`,
		message: 'Avoid labels like "pensioner", "OAP" and "senior". Give the age group.',
		suggestion: 'adults aged 65 and over',
		documentRef: AGE,
		examples: {
			flag: ['Free for «pensioners».', 'Discounts for «OAPs».'],
			pass: ['Free for adults aged 65 and over.', 'a senior nurse']
		}
	},
	{
		id: 'inclusive.middle-aged',
		category: 'inclusive',
		pattern: String.raw`\bmiddle[ -]aged?\b`,
		message: 'Give exact ages rather than "middle aged".',
		suggestion: 'for example "adults aged 40 to 60"',
		documentRef: AGE,
		examples: { flag: ['Common in «middle-aged» men.'], pass: ['Common in men aged 40 to 60.', 'middle ear'] }
	},
	{
		id: 'inclusive.bame',
		category: 'inclusive',
		pattern: String.raw`\bB(?:A)?ME\b`,
		caseSensitive: true,
		message: 'Do not use "BAME" or "BME". Be specific about the group, or say "ethnic minorities".',
		suggestion: 'ethnic minorities (or name the groups)',
		documentRef: ETHNICITY,
		examples: {
			flag: ['Outreach to «BAME» communities.', '«BME» staff'],
			pass: ['Outreach to ethnic minority communities.', 'became']
		}
	},
	{
		id: 'inclusive.race',
		category: 'inclusive',
		pattern: String.raw`\b(?:race|races|racial group)\b`,
		exceptions: [
			String.raw`\brace for life\b`,
			String.raw`\b(?:a|the|fun|charity|sponsored|horse|arms) race\b`,
			String.raw`\brace (?:day|night|track|pack|number)\b`,
			String.raw`\bheart races?\b`
		],
		message: 'Say "ethnicity", and mention it only when it is relevant.',
		suggestion: 'ethnicity',
		documentRef: ETHNICITY,
		examples: {
			flag: ['Whatever your «race».'],
			pass: ['Whatever your ethnicity.', 'Join the Race for Life.', 'racism']
		}
	},
	{
		id: 'inclusive.suffering-from',
		category: 'inclusive',
		pattern: String.raw`\bsuffer(?:s|ed|ing)? (?:from|with)\b|\bsufferers?\b`,
		message: '"Suffering from" suggests helplessness. Say "has" or "lives with".',
		suggestion: 'has (or lives with)',
		documentRef: DISABILITY,
		examples: {
			flag: ['People «suffering from» asthma.', 'Asthma «sufferers»'],
			pass: ['People with asthma.', 'People who have asthma.']
		}
	},
	{
		id: 'inclusive.afflicted',
		category: 'inclusive',
		pattern: String.raw`\bafflicted (?:by|with)\b`,
		message: '"Afflicted by" suggests pity. Say "has" or "lives with".',
		suggestion: 'has (or lives with)',
		documentRef: DISABILITY,
		examples: { flag: ['«Afflicted by» arthritis.'], pass: ['Lives with arthritis.'] }
	},
	{
		id: 'inclusive.victim-of',
		category: 'inclusive',
		pattern: String.raw`\bvictims? of\b`,
		exceptions: [
			String.raw`\bvictims? of (?:crime|(?:domestic |sexual )?(?:abuse|violence|assault)|fraud|rape|trafficking)\b`
		],
		message: '"Victim of" a condition suggests helplessness. Say "has" or "lives with".',
		suggestion: 'has (or lives with)',
		documentRef: DISABILITY,
		examples: {
			flag: ['A «victim of» stroke.'],
			pass: ['Support for victims of crime.', 'Someone who has had a stroke.']
		}
	},
	{
		id: 'inclusive.wheelchair',
		category: 'inclusive',
		pattern: String.raw`\b(?:confined to|bound to|restricted to) a wheelchair\b|\bwheelchair[ -]bound\b`,
		message: 'A wheelchair gives freedom. Do not describe people as confined to one.',
		suggestion: 'wheelchair user',
		documentRef: DISABILITY,
		examples: { flag: ['He is «wheelchair-bound».', '«Confined to a wheelchair»'], pass: ['He is a wheelchair user.'] }
	},
	{
		id: 'inclusive.handicapped',
		category: 'inclusive',
		pattern: String.raw`\bhandicap(?:ped|s)?\b`,
		message: '"Handicapped" is outdated and offensive to many.',
		suggestion: 'disabled (or disabled people)',
		documentRef: DISABILITY,
		examples: { flag: ['Parking for the «handicapped».'], pass: ['Parking for disabled people.'] }
	},
	{
		id: 'inclusive.mentally-ill',
		category: 'inclusive',
		pattern: String.raw`\b(?:the )?mentally ill\b`,
		message: 'Say "mental health condition" or "mental health problems".',
		suggestion: 'people with a mental health condition',
		documentRef: DISABILITY,
		examples: { flag: ['Services for «the mentally ill».'], pass: ['Services for people with mental health problems.'] }
	},
	{
		id: 'inclusive.epileptic',
		category: 'inclusive',
		pattern: String.raw`\bepileptics?\b`,
		exceptions: [String.raw`\bepileptic (?:seizures?|fits?|attacks?|activity)\b`],
		message: 'Describe the person, not the condition.',
		suggestion: 'person with epilepsy (or "has epilepsy")',
		documentRef: DISABILITY,
		examples: {
			flag: ['Advice for «epileptics».'],
			pass: ['Advice for people with epilepsy.', 'During an epileptic seizure']
		}
	},
	{
		id: 'inclusive.the-disabled',
		category: 'inclusive',
		pattern: String.raw`\bthe disabled\b`,
		exceptions: [String.raw`\bthe disabled (?:toilet|parking|bay|badge|entrance|access|facilities|person|people)\b`],
		message: 'Do not turn people into a group label.',
		suggestion: 'disabled people',
		documentRef: DISABILITY,
		examples: { flag: ['Help for «the disabled».'], pass: ['Help for disabled people.'] }
	},
	{
		id: 'inclusive.sick-person',
		category: 'inclusive',
		pattern: String.raw`\b(?:sick|diseased|invalid) (?:person|people)\b`,
		message: 'Describe the person first, and the condition they have.',
		suggestion: 'person with [condition]',
		documentRef: DISABILITY,
		examples: {
			flag: ['Caring for a «sick person».'],
			pass: ['Caring for someone who is ill.', 'If you feel sick, people can help.']
		}
	},
	{
		id: 'inclusive.skin-tone',
		category: 'inclusive',
		pattern: String.raw`\b(?:dark|darker|light|lighter|fair)(?:-|[ \t])(?:skin|skinned)\b`,
		message: 'In main text say "brown and black skin" or "white skin".',
		suggestion: 'brown and black skin (or white skin)',
		documentRef: ETHNICITY,
		examples: {
			flag: ['A rash on «darker skin».'],
			pass: ['A rash on brown and black skin.', 'Use a light moisturiser on your skin.']
		}
	},
	{
		id: 'inclusive.hearing-impaired',
		category: 'inclusive',
		pattern: String.raw`\b(?:hearing[ -]impair(?:ed|ment)|deaf and dumb|deaf-mute)\b`,
		message: 'Say "hearing loss", or "Deaf" (capital D) for people who use BSL.',
		suggestion: 'people with hearing loss (or Deaf people)',
		documentRef: SEX,
		examples: { flag: ['For the «hearing-impaired».'], pass: ['For people with hearing loss.'] }
	},
	{
		id: 'inclusive.clinically-extremely-vulnerable',
		category: 'inclusive',
		pattern: String.raw`\bclinically extremely vulnerable\b`,
		message: 'Avoid labels people may not identify with. Describe who you mean.',
		suggestion: 'name the conditions or treatments you mean',
		documentRef: DISABILITY,
		examples: {
			flag: ['If you are «clinically extremely vulnerable».'],
			pass: ['If you have a weakened immune system.']
		}
	},
	{
		id: 'inclusive.biological-sex',
		category: 'inclusive',
		pattern: String.raw`\bbiological(?:ly)? (?:sex|males?|females?|man|men|woman|women)\b`,
		message: 'Say "sex assigned at birth" (for trans audiences) or "the sex someone was registered with at birth".',
		suggestion: 'sex registered at birth',
		documentRef: SEX,
		examples: {
			flag: ['Your «biological sex».'],
			pass: ['The sex you were registered with at birth.', 'biological father']
		}
	}
];
