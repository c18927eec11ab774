/** What a parser did with one input: refused it (its own coded refusal), or read it (a valid input). */
export type Verdict = 'refused' | 'read';

/**
 * Valid inputs are checked too (a valid number typed with separators must read the same), but they
 * are not hostile: their properties are counted apart.
 */
export type InputKind = 'hostile' | 'valid';

export interface PropertyFigures {
  kind: InputKind;
  tried: number;
  refused: number;
  read: number;
  /** The property's check failed: the parser accepted (or read wrongly) what it must not. */
  accepted: number;
  /** The parser threw something other than its own coded refusal. */
  crashed: number;
  passed: boolean;
}

/**
 * Counts, input by input, what each parser property tried and what came of it, so that the figures
 * written are the ones that ran: a property that failed or did not run says so.
 */
export class ParserTally {
  private readonly properties = new Map<string, PropertyFigures>();

  /** The predicate body of a fast-check property, counted. Shrinking runs count as tried too. */
  check<T>(property: string, kind: InputKind, body: (input: T) => Verdict): (input: T) => void {
    const figures: PropertyFigures = {
      kind,
      tried: 0,
      refused: 0,
      read: 0,
      accepted: 0,
      crashed: 0,
      passed: false,
    };
    this.properties.set(property, figures);
    return (input: T) => {
      figures.tried += 1;
      try {
        figures[body(input)] += 1;
      } catch (error) {
        if (isFailedExpectation(error)) figures.accepted += 1;
        else figures.crashed += 1;
        throw error;
      }
    };
  }

  /** Called once the property's fc.assert returned: it held for every input tried. */
  passed(property: string): void {
    const figures = this.properties.get(property);
    if (!figures) throw new Error(`no property "${property}" was counted`);
    figures.passed = true;
  }

  figures(): Record<string, PropertyFigures> {
    return Object.fromEntries(this.properties);
  }

  /** The sum over the properties of one kind. */
  total(kind: InputKind): Omit<PropertyFigures, 'kind' | 'passed'> & { properties: number; passed: number } {
    const of = [...this.properties.values()].filter((figures) => figures.kind === kind);
    const sum = (key: 'tried' | 'refused' | 'read' | 'accepted' | 'crashed') =>
      of.reduce((total, figures) => total + figures[key], 0);
    return {
      properties: of.length,
      passed: of.filter((figures) => figures.passed).length,
      tried: sum('tried'),
      refused: sum('refused'),
      read: sum('read'),
      accepted: sum('accepted'),
      crashed: sum('crashed'),
    };
  }
}

/** jest's failed `expect` throws an error carrying its matcher's result. */
function isFailedExpectation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'matcherResult' in error;
}
