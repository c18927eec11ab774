import { Script, constants } from 'node:vm';

/**
 * Loads an ESM-only package (openid-client 6, jose 6, oidc-provider 9) from this CommonJS codebase.
 *
 * Compiled to CommonJS and run by Node ≥ 20.19, a plain `require` loads them natively (require(esm)).
 * Under jest, `require` is jest's own module loader, which refuses untransformed ESM from
 * node_modules (and would put the package in jest's sandbox realm if it were transformed); there we
 * use a dynamic `import()` compiled in Node's main context, so the package is always loaded by Node
 * itself, in the main realm, which is what `toMainRealm` (main-realm.ts) relies on.
 */
export async function loadEsm<T>(specifier: string): Promise<T> {
  if (process.env.JEST_WORKER_ID === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is a runtime require of an ESM package
      return require(specifier) as T;
    } catch (error) {
      // Another sandboxing loader may refuse ESM the same way: fall back to Node's own import().
      if (!isEsmRefusal(error)) throw error;
    }
  }
  return (await nativeImport()(specifier)) as T;
}

function isEsmRefusal(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'ERR_REQUIRE_ESM' ||
    code === 'ERR_REQUIRE_ASYNC_MODULE' ||
    (typeof message === 'string' && /ES Module|import statement outside a module/i.test(message))
  );
}

let importer: ((specifier: string) => Promise<unknown>) | undefined;

function nativeImport(): (specifier: string) => Promise<unknown> {
  importer ??= new Script('(specifier) => import(specifier)', {
    filename: __filename,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }).runInThisContext() as (specifier: string) => Promise<unknown>;
  return importer;
}
