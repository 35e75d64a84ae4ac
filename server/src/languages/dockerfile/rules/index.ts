import type { DockerfileRule } from '../language';
import noRootUser from './no-root-user';
import exposeSsh from './expose-ssh';
import addInsteadOfCopy from './add-instead-of-copy';
import noLatestTag from './no-latest-tag';
import pinDigest from './pin-digest';
import missingDockerignore from './missing-dockerignore';
import minimalBase from './minimal-base';
import trustedRegistry from './trusted-registry';
import buildToolsInRuntime from './build-tools-in-runtime';
import numericUser from './numeric-user';
import debugToolsInRuntime from './debug-tools-in-runtime';
import execFormCmd from './exec-form-cmd';
import noSudo from './no-sudo';
import curlPipeShell from './curl-pipe-shell';
import shellInShellLessStage from './shell-in-shell-less-stage';
import tlsVerificationDisabled from './tls-verification-disabled';
import worldWritable from './world-writable';
import secretInEnvOrArg from './secret-in-env-or-arg';

/** Every Dockerfile rule; one import per rule file. */
export const dockerfileRules: DockerfileRule[] = [noRootUser, exposeSsh, addInsteadOfCopy, noLatestTag, pinDigest, missingDockerignore, minimalBase, trustedRegistry, buildToolsInRuntime, numericUser, debugToolsInRuntime, execFormCmd, noSudo, curlPipeShell, shellInShellLessStage, tlsVerificationDisabled, worldWritable, secretInEnvOrArg];
