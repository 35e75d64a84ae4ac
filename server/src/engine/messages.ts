const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

/** Fill `{{name}}` placeholders; a missing value is a programming error and throws. */
export function interpolate(template: string, data: Record<string, string> | undefined): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = data?.[name];
    if (value === undefined) {
      throw new Error(`message placeholder {{${name}}} has no value in "${template}"`);
    }
    return value;
  });
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
