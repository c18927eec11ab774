// Letters (RULES §6, CONVENTIONS 7): their French text, composed from what caused them, and their
// printable PDF. Pure composition; rendering uses pdfkit with the standard fonts.
export * from './letter';
export * from './letter-id';
export * from './letter-format';
export * from './letter-frame';
export * from './letter-errors';
export * from './letter-issued';
export * from './compose-letter';
export * from './pdf/render-letter-pdf';
export * from './pdf/render-print-run-pdf';
export * from './letter-subjects';
export * from './record/full-record';
export * from './record/render-full-record-pdf';
