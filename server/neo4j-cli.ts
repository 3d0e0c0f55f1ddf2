import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import {
  cachedJars,
  checkPrerequisites,
  EmbeddedNeo4jError,
  NEO4J_VERSION,
  resolveJars,
  writeJarList,
} from './neo4j/launcher.ts';

const usage = `Usage: npm run neo4j -- install|list-jars   (compiled: node dist/neo4j-cli.js …)

  install     check Java 17+ (and Maven when a jar is not in ~/.m2 yet), then put the
              Neo4j ${NEO4J_VERSION} Community jars into $ENTENTE_HOME/lib (default .neo4j/lib)
  list-jars   after changing server/neo4j/pom.xml: write server/neo4j/jars.txt, the jars
              it resolves to, so starts can take them from ~/.m2 without running Maven`;

const [command] = process.argv.slice(2);
if (command === 'list-jars') {
  try {
    console.log(`${writeJarList()} jars listed in server/neo4j/jars.txt`);
    process.exit(0);
  } catch (error) {
    console.error(error instanceof EmbeddedNeo4jError ? error.message : error);
    process.exit(1);
  }
}
if (command !== 'install') {
  console.error(usage);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}

try {
  const config = loadConfig();
  checkPrerequisites(process.env, !cachedJars());
  await resolveJars(join(config.embedded.homeDir, 'lib'), createLogger(config.logLevel));
  console.log(
    `Neo4j ${NEO4J_VERSION} Community is ready in ${join(config.embedded.homeDir, 'lib')}`,
  );
} catch (error) {
  console.error(error instanceof EmbeddedNeo4jError ? error.message : error);
  process.exit(1);
}
