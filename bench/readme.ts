// `npm run bench:readme`: writes the README's performance table from bench/results/summary.json (the
// last `npm run bench`), with the date, load and machine of that run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPerformanceSection, replacePerformanceSection, type SummaryFile } from './lib/readmeTable';
import { resultsDir } from './lib/report';

const summaryPath = join(resultsDir, 'summary.json');
const readmePath = join(process.cwd(), 'README.md');
const run = JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryFile;
writeFileSync(readmePath, replacePerformanceSection(readFileSync(readmePath, 'utf8'), renderPerformanceSection(run)));
console.log(`README.md: performance table from ${summaryPath} (run of ${run.startedAt})`);
