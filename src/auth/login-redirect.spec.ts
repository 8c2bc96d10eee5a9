import { checkLoginRedirect } from './login-redirect';

describe('checkLoginRedirect', () => {
  const own = 'https://auth.example.com';
  const allowed = ['https://app.example.com', 'http://localhost:5173'];
  const target = (redirectTo: string | undefined) => {
    const check = checkLoginRedirect(redirectTo, own, allowed);
    return check.ok ? check.url.href : undefined;
  };

  it('defaults to the console on this server', () => {
    expect(target(undefined)).toBe('https://auth.example.com/console');
  });

  it('takes paths on this server and URLs on this or an allowed origin', () => {
    expect(target('/console/users?x=1')).toBe('https://auth.example.com/console/users?x=1');
    expect(target('https://auth.example.com/a')).toBe('https://auth.example.com/a');
    expect(target('https://APP.example.com:443/cb')).toBe('https://app.example.com/cb');
    expect(target('http://localhost:5173/')).toBe('http://localhost:5173/');
  });

  it('skips allow-list entries no URL parser takes instead of failing', () => {
    const check = checkLoginRedirect('https://app.example.com/', own, [
      'http://a.example:99999',
      'http://[:::]',
      ...allowed,
    ]);
    expect(check.ok).toBe(true);
    expect(checkLoginRedirect('/x', own, ['http://[1.2.3.4]']).ok).toBe(true);
  });

  it.each([
    ['an encoded backslash path', '/%5cevil.example'],
    ['a dot-slash-slash path', '/.//evil.example'],
  ])('keeps %s on this server', (_what, value) => {
    expect(target(value)).toMatch(/^https:\/\/auth\.example\.com\//);
  });

  it.each([
    ['another host', 'https://evil.example/cb'],
    ['a look-alike host', 'https://auth.example.com.evil.example/'],
    ['an allowed host on another port', 'https://app.example.com:8443/'],
    ['an allowed host on another scheme', 'http://app.example.com/'],
    ['a scheme-relative URL', '//evil.example/'],
    ['a backslash path', '/\\evil.example/'],
    ['backslashes as slashes', 'https:\\\\evil.example'],
    ['an encoded second slash', '/%2fevil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,x'],
    ['a relative path', 'evil.example/x'],
    ['a dot path', './x'],
    ['user info', 'https://auth.example.com@evil.example/'],
    ['user info on our own host', 'https://user@auth.example.com/'],
    ['a tab in the scheme', 'ht\ttps://evil.example'],
    ['a newline', '/console\n//evil'],
    ['a fragment', '/console#x'],
    ['an empty value', ''],
    ['a bare origin without scheme', 'auth.example.com'],
  ])('refuses %s', (_what, value) => {
    expect(checkLoginRedirect(value, own, allowed)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^redirect_to /),
    });
  });
});
