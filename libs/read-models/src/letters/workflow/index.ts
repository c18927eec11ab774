// The letters workflow (CONVENTIONS 7): decisions in, LetterIssued events appended out.
export * from './letters-of-stream';
export * from './letters-workflow';
export * from './workflow-checkpoints';
export * from './letters-workflow.runner';
