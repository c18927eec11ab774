/**
 * An infraction in the log that the offence catalogue cannot price. Recording refuses such a fact
 * (RecordInfraction prices it first), so this is never a clerk's mistake but a corrupt or foreign
 * log: not a DomainError (no refusal to show a clerk), a fault that stops the computation.
 */
export class UnpriceableFactError extends Error {
  constructor(
    readonly infractionId: string,
    cause: unknown,
  ) {
    super(
      `Infraction ${infractionId} in the log cannot be priced by the offence catalogue: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'UnpriceableFactError';
  }
}
