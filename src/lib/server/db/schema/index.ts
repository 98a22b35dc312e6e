export * from './users';
export * from './teams';
export * from './audit';
export * from './corpus';
export * from './jobs';
export * from './chats';
export * from './feedback';
