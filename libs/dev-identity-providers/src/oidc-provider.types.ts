import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The slice of oidc-provider 9 these stand-ins use. The package ships no type declarations, and
 * @types/oidc-provider follows older majors, so the shapes are written here from its documentation.
 */
export interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: { InvalidTarget: new (description?: string) => Error };
  interactionPolicy: {
    base(): PromptList;
    Check: CheckConstructor;
  };
}

export interface CheckConstructor {
  new (reason: string, description: string, check: (ctx: OidcContext) => boolean): unknown;
  REQUEST_PROMPT: boolean;
  NO_NEED_TO_PROMPT: boolean;
}

export interface PromptList extends Array<{ name: string; checks: unknown[] }> {
  get(name: string): { name: string; checks: unknown[] } | undefined;
}

export interface OidcContext {
  oidc: { result?: { login?: unknown }; params?: Record<string, unknown> };
}

export interface InteractionDetails {
  uid: string;
  prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
  params: Record<string, unknown> & {
    client_id: string;
    scope?: string;
    claims?: string;
    acr_values?: string;
  };
  session?: { accountId?: string };
}

export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

export interface OidcProvider {
  issuer: string;
  proxy: boolean;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (properties: { accountId: string; clientId: string }) => OidcGrant;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
