'use strict';
/*
 * Reads a PDF on stdin and writes its text on stdout, with pdf-parse (pdf.js), in a plain Node
 * process: pdf.js loads its worker through a dynamic import, which jest's module VM refuses.
 */
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  try {
    const parser = new PDFParse({ data: Buffer.concat(chunks) });
    const result = await parser.getText();
    const info = await parser.getInfo();
    await parser.destroy();
    process.stdout.write(
      JSON.stringify({ text: result.text, pages: result.total, title: info.info && info.info.Title }),
    );
  } catch (error) {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  }
});
