import type { DockerfileRule } from '../language';
import noRootUser from './no-root-user';

/** Every Dockerfile rule; one import per rule file. */
export const dockerfileRules: DockerfileRule[] = [noRootUser];
