import { chooseSigningAlg } from './signing-algorithms';

describe('the signature algorithm a response is verified with', () => {
  it('is the configured one when set', () => {
    expect(chooseSigningAlg('ES256', ['RS256'], 'id_token')).toBe('ES256');
  });

  it('with discovery, is the first asymmetric algorithm the provider publishes, never none or HS*', () => {
    expect(chooseSigningAlg('discovery', ['ES256', 'RS256'], 'userinfo')).toBe('ES256');
    expect(chooseSigningAlg('discovery', ['none', 'HS256', 'RS256'], 'id_token')).toBe('RS256');
  });

  it('with discovery, refuses a provider that publishes no asymmetric algorithm, naming the variable', () => {
    expect(() => chooseSigningAlg('discovery', ['HS256'], 'id_token')).toThrow(/FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG/);
    expect(() => chooseSigningAlg('discovery', undefined, 'userinfo')).toThrow(/FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG/);
  });
});
