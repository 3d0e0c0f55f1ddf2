import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import {
  checkPrerequisites,
  EmbeddedNeo4jError,
  NEO4J_VERSION,
  resolveJars,
} from './neo4j/launcher.ts';

const usage = `Usage: npm run neo4j -- install   (compiled: node dist/neo4j-cli.js install)

  install   check Java 17+ and Maven, then resolve Neo4j ${NEO4J_VERSION} Community jars
            from Maven Central into $ENTENTE_HOME/lib (default .neo4j/lib)`;

const [command] = process.argv.slice(2);
if (command !== 'install') {
  console.error(usage);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}

try {
  const config = loadConfig();
  checkPrerequisites();
  await resolveJars(join(config.embedded.homeDir, 'lib'), createLogger(config.logLevel));
  console.log(
    `Neo4j ${NEO4J_VERSION} Community is ready in ${join(config.embedded.homeDir, 'lib')}`,
  );
} catch (error) {
  console.error(error instanceof EmbeddedNeo4jError ? error.message : error);
  process.exit(1);
}
