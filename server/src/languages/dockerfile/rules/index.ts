import type { DockerfileRule } from '../language';
import addInsteadOfCopy from './add-instead-of-copy';
import buildToolsInRuntime from './build-tools-in-runtime';
import curlPipeShell from './curl-pipe-shell';
import debugToolsInRuntime from './debug-tools-in-runtime';
import execFormCmd from './exec-form-cmd';
import exposeSsh from './expose-ssh';
import minimalBase from './minimal-base';
import missingDockerignore from './missing-dockerignore';
import noLatestTag from './no-latest-tag';
import noRootUser from './no-root-user';
import noSudo from './no-sudo';
import numericUser from './numeric-user';
import pinDigest from './pin-digest';
import secretInEnvOrArg from './secret-in-env-or-arg';
import shellInShellLessStage from './shell-in-shell-less-stage';
import tlsVerificationDisabled from './tls-verification-disabled';
import trustedRegistry from './trusted-registry';
import worldWritable from './world-writable';

/** Every Dockerfile rule, one import per rule file (the registry sorts them by id). */
export const dockerfileRules: DockerfileRule[] = [
  addInsteadOfCopy,
  buildToolsInRuntime,
  curlPipeShell,
  debugToolsInRuntime,
  execFormCmd,
  exposeSsh,
  minimalBase,
  missingDockerignore,
  noLatestTag,
  noRootUser,
  noSudo,
  numericUser,
  pinDigest,
  secretInEnvOrArg,
  shellInShellLessStage,
  tlsVerificationDisabled,
  trustedRegistry,
  worldWritable,
];
