import type { DockerfileRule } from '../language';
import noRootUser from './no-root-user';
import exposeSsh from './expose-ssh';

/** Every Dockerfile rule; one import per rule file. */
export const dockerfileRules: DockerfileRule[] = [noRootUser, exposeSsh];
