export * from './cards/adaptive-card';
export * from './cards/welcome-card';
export * from './conversation/respond-to-text';
export * from './partnerships/partnership';
export * from './ports';
