import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveFingerprint, classSharing } from '../../server/neo4j/class-sharing.ts';

let home: string;
let lib: string;
/** A stand-in JDK: the fingerprint reads the binary's path and time, and the base archive must exist. */
let java: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'entente-cds-'));
  const jdk = join(home, 'jdk');
  mkdirSync(join(jdk, 'bin'), { recursive: true });
  mkdirSync(join(jdk, 'lib', 'server'), { recursive: true });
  java = join(jdk, 'bin', 'java');
  // Stands in for the check that maps a recorded archive (`java … -version`): it passes.
  writeFileSync(java, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  writeFileSync(join(jdk, 'lib', 'server', 'classes.jsa'), 'the JDK archive');
  lib = join(home, 'lib');
  mkdirSync(lib);
  writeFileSync(join(lib, 'neo4j-kernel.jar'), 'kernel');
  writeFileSync(join(lib, 'neo4j-cypher.jar'), 'cypher');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const cds = () => join(home, 'cds');
/** What the JVM would write at exit under -XX:ArchiveClassesAtExit. */
const writeArchive = (args: string[]) =>
  writeFileSync(args[0]?.split('=')[1] ?? '', 'archive bytes');

describe('class-data sharing for the embedded Neo4j', () => {
  it('when no archive exists, then the run records one, and the next run uses it once the JVM exited', () => {
    const first = classSharing(lib, java);
    expect(first.mode).toBe('record');
    expect(first.args[0]).toMatch(/^-XX:ArchiveClassesAtExit=.*\.partial$/);
    first.started(process.pid);
    writeArchive(first.args);
    first.settle(true);

    expect(readdirSync(cds())).toEqual([`neo4j-${archiveFingerprint(lib, java)}.jsa`]);
    const second = classSharing(lib, java);
    expect(second.mode).toBe('use');
    expect(second.args).toEqual([
      `-XX:SharedArchiveFile=${join(cds(), `neo4j-${archiveFingerprint(lib, java)}.jsa`)}`,
    ]);
  });

  it('when the recording JVM had to be killed, then its possibly half-written archive is dropped', () => {
    const run = classSharing(lib, java);
    run.started(process.pid);
    writeArchive(run.args);
    run.settle(false);
    expect(readdirSync(cds())).toEqual([]);
    expect(classSharing(lib, java).mode).toBe('record');
  });

  it('when another run is recording, then a second one runs without sharing instead of racing it', () => {
    const recording = classSharing(lib, java);
    recording.started(process.pid);
    expect(classSharing(lib, java)).toMatchObject({ mode: 'off', args: [] });
  });

  it('when the recording JVM is gone unsettled, then the next start takes the recording over', () => {
    const crashed = classSharing(lib, java);
    crashed.started(2 ** 22 + 12_345); // no such process
    writeArchive(crashed.args);
    const next = classSharing(lib, java);
    expect(next.mode).toBe('record');
    expect(readdirSync(cds()).filter((name) => name.endsWith('.partial'))).toEqual([]);
    // The crashed run's late stop must not settle the recording it no longer holds.
    next.started(process.pid);
    crashed.settle(true);
    expect(existsSync(join(cds(), `neo4j-${archiveFingerprint(lib, java)}.recording`))).toBe(true);
  });

  it('when a jar changes, then the fingerprint changes and the old archive is dropped by the new one', () => {
    const before = archiveFingerprint(lib, java);
    const first = classSharing(lib, java);
    first.started(process.pid);
    writeArchive(first.args);
    first.settle(true);

    utimesSync(join(lib, 'neo4j-kernel.jar'), new Date(), new Date(Date.now() + 5_000));
    const after = archiveFingerprint(lib, java);
    expect(after).not.toBe(before);
    const second = classSharing(lib, java);
    expect(second.mode).toBe('record');
    second.started(process.pid);
    writeArchive(second.args);
    second.settle(true);
    expect(readdirSync(cds())).toEqual([`neo4j-${after}.jsa`]);
  });

  it('when the recorded archive does not map cleanly, then it is dropped instead of kept', () => {
    writeFileSync(java, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const run = classSharing(lib, java);
    run.started(process.pid);
    writeArchive(run.args);
    run.settle(true);
    expect(readdirSync(cds())).toEqual([]);
  });

  it('when a JVM died starting with the archive, then discarding it makes the next start record again', () => {
    const first = classSharing(lib, java);
    first.started(process.pid);
    writeArchive(first.args);
    first.settle(true);
    const using = classSharing(lib, java);
    expect(using.mode).toBe('use');
    using.discard();
    expect(classSharing(lib, java).mode).toBe('record');
  });

  it('when the JDK has no class archive of its own, then Neo4j runs without sharing', () => {
    rmSync(join(home, 'jdk', 'lib', 'server', 'classes.jsa'));
    expect(classSharing(lib, java)).toMatchObject({ mode: 'off', args: [] });
  });

  it('when the jars cannot be read, then Neo4j runs without sharing', () => {
    expect(classSharing(join(home, 'missing'), java).mode).toBe('off');
  });
});
