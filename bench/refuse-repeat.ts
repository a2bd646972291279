/**
 * How long the API takes to refuse a small document that repeats one field 11,900 times, in
 * development and production mode. Nothing reaches the database (the driver never connects),
 * so this measures only the work done before a query would run.
 * Run: npx tsx bench/refuse-repeat.ts
 */
import { timeRefusal } from './time-refusal.js';

const REPEATS = 11_900;
await timeRefusal(`{ activities { ${'id '.repeat(REPEATS)}} }`);
