// Engine room (pure Node, no vscode): hides token values in every line a driver shows or journals.
// The values come from the environment variables named in config; a value shorter than 4 characters
// is not masked (it would blank ordinary words) and is refused by the webhook driver instead.
export const MASK = '***';

export class SecretMask {
  private readonly values: string[];

  constructor(values: ReadonlyArray<string | undefined>) {
    // Longest first: a token that contains another is masked whole.
    this.values = [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length >= 4))].sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let masked = text;
    for (const value of this.values) {
      masked = masked.split(value).join(MASK);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) masked = masked.split(encoded).join(MASK);
    }
    return masked;
  }
}
