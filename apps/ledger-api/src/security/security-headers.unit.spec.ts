import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from './security-headers';

async function headersFrom(production: boolean): Promise<Headers> {
  const middleware = securityHeaders(production);
  const server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).headers;
  } finally {
    server.close();
  }
}

describe('the security headers', () => {
  it('in production: HSTS for two years with subdomains, frames denied, no referrer, no sniffing', async () => {
    const headers = await headersFrom(true);
    expect(headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('in development: the same, without HSTS (a plain-http server must stay reachable)', async () => {
    const headers = await headersFrom(false);
    expect(headers.get('strict-transport-security')).toBeNull();
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });
});
