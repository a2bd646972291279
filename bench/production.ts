/**
 * Imported first by the benchmarks, before anything loads graphql: graphql-js decides at load
 * whether it runs in development mode, where every `instanceOf` check also compares class names
 * (to catch two copies of the library), which took 0.7 ms of a trace's 28 ms of CPU. A deployed
 * server runs with NODE_ENV=production, and so does the bench.
 */
process.env.NODE_ENV = 'production';
