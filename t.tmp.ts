import { findPersonalData, replaceWithPlaceholders } from './src/lib/governance/personal-data';
const T = [
 'Reply to Mrs Jones (NHS number 943 476 5919) about her complaint',
 'Professor Sir Stephen Powis, national medical director, said',
 'My name is Sarah Khan and I work on ward 7.',
 "I'm Priya, the new matron. I am Happy to help. I am writing to you.",
 'Yours sincerely,\nJane Smith\nHead of Communications',
 'Kind regards,\nThe Communications Team',
 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Welcome everyone.\n\n00:00:05.000 --> 00:00:07.000\n<v Tom>Thanks Jane.',
 'Jane Smith: Morning all.\nTom Hughes: Hi.\nAction: Tom to send the notes.\nJane Smith: Thanks.',
 'The Mr Men books, Mount Vernon Cancer Centre, Dr Gray\'s Hospital and the Sir Ludwig Guttmann Health Centre.',
 'Queen Elizabeth Hospital, Florence Nightingale Foundation, St George Street',
 'Contact comms@example.nhs.uk or press.office@nhs.net or england.contactus@nhs.net or sarah.jones@nhs.net',
 'Ends\n\nMedia contact\nPress office: 020 7946 0958\nOut of hours: 07700 900123',
 'Patient John Smith, DOB 01/02/1980',
 'Please see A. Patel, 12 High Street, Leeds LS1 4AB',
 'The Dr said no. Ask the Mr at the desk.',
 'Dear Sarah,\nThanks for the call with Dr Patel and Mrs Patel.',
]
for (const t of T) { const f = findPersonalData(t, { now: new Date('2026-01-01') }); console.log(JSON.stringify(t).slice(0,80), '\n  ', f.map(x=>x.kind+':'+t.slice(x.start,x.end)).join(' | '), '\n  ', replaceWithPlaceholders(t,f).replace(/\n/g,'⏎')); }
