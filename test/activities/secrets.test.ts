// Putting secrets in and taking them out, at the activity's boundary: only this run's tokens
// (its nonce) for the names the step reads are filled in; every secret of the run is taken out
// of results and failures in the forms encoders produce. The pipelines that prove the same
// through the real server are in test/security/secrets.test.ts.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { secretStore } from '../../activities/index.js';
import { createRedactor } from '../../activities/secrets/redact.js';
import { substituteSecrets, withSecrets } from '../../activities/secrets/substitute-secrets.js';
import { secretToken, type SecretsOfCall } from '../../workflows/lang/secrets.js';

const NONCE = '0123456789abcdef0123456789abcdef';
const store = secretStore({ TOKEN: 'tok-123456' }, { OTHER: 'other-value', AWS_SECRET_ACCESS_KEY: 'aws-secret-value' });
const call = (names: string[], redact = names): SecretsOfCall => ({ nonce: NONCE, names, redact });

describe('filling in', () => {
  it("fills in this run's tokens for the step's names, in any string at any depth", () => {
    const parameters = {
      headers: { authorization: `Bearer ${secretToken(NONCE, 'TOKEN')}` },
      list: [secretToken(NONCE, 'OTHER')],
    };
    expect(substituteSecrets(parameters, call(['TOKEN', 'OTHER']), store)).toEqual({
      headers: { authorization: 'Bearer tok-123456' },
      list: ['other-value'],
    });
  });

  it.each([
    ['an older token without a nonce', '@@orc-secret:TOKEN@@'],
    ["another run's token", secretToken('ffffffffffffffffffffffffffffffff', 'TOKEN')],
    ['a name the step does not read', secretToken(NONCE, 'AWS_SECRET_ACCESS_KEY')],
  ])('leaves %s as text', (_what, token) => {
    expect(substituteSecrets({ body: `x ${token} y` }, call(['TOKEN']), store)).toEqual({ body: `x ${token} y` });
  });

  it('fills in nothing for a call without secrets, even a well-formed token', async () => {
    const seen: unknown[] = [];
    await withSecrets({ value: secretToken(NONCE, 'TOKEN') }, undefined, store, async (parameters) =>
      seen.push(parameters.value),
    );
    expect(seen).toEqual([secretToken(NONCE, 'TOKEN')]);
  });

  it('fails with SecretMissing, not retried, for a name the worker lacks', async () => {
    const failure = await withSecrets(
      { value: secretToken(NONCE, 'NOPE') },
      call(['NOPE']),
      store,
      async () => 'never',
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'SecretMissing', nonRetryable: true });
  });
});

describe('redacting', () => {
  const secret = 'p@ss w/rd+ü"&<>';
  const redactor = createRedactor(new Map([['PASS', secret]]), NONCE);
  const forms: [string, string][] = [
    ['exact', secret],
    ['encodeURIComponent', encodeURIComponent(secret)],
    ['encodeURI', encodeURI(secret)],
    [
      'lower-case percent escapes',
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    ],
    ['a form (URLSearchParams)', new URLSearchParams({ q: secret }).toString().slice(2)],
    ['a URL query', new URL(`http://host/?q=${secret}`).search.slice(3)],
    ['JSON', JSON.stringify(secret)],
    [
      'ASCII-only JSON',
      JSON.stringify(secret).replace(
        /[\u0080-\uffff]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    ],
    ['HTML', secret.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')],
    ['hex', Buffer.from(secret).toString('hex')],
    ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64 after one byte', Buffer.from(`x${secret}`).toString('base64')],
    ['base64 after two bytes', Buffer.from(`xy${secret}`).toString('base64')],
    ['URL-safe base64 after two bytes', Buffer.from(`xy${secret}`).toString('base64url')],
  ];

  it.each(forms)('takes out %s', (_name, form) => {
    const redacted = redactor.text(`before ${form} after`);
    expect(redacted).toContain('[secret PASS]');
    expect(redacted.startsWith('before ')).toBe(true);
    expect(redacted.endsWith(' after')).toBe(true);
  });

  it("takes out the run's own tokens, and strings in keys as well as values", () => {
    expect(redactor.value({ [secret]: [`a ${secretToken(NONCE, 'PASS')}`] })).toEqual({
      '[secret PASS]': ['a [secret PASS]'],
    });
  });

  it('leaves values shorter than four characters alone: they would redact ordinary text', () => {
    expect(createRedactor(new Map([['PIN', '123']])).text('call 123')).toBe('call 123');
  });

  it("redacts a failure's message, details and cause, keeping its type, retryability and delay", () => {
    const cause = new Error(`socket to ${encodeURIComponent(secret)} closed`);
    const failure = ApplicationFailure.create({
      type: 'HttpError',
      message: `GET /?k=${encodeURIComponent(secret)} answered 500`,
      nonRetryable: true,
      details: [{ url: secret }],
      nextRetryDelay: 1500,
      cause,
    });
    const redacted = redactor.failure(failure) as ApplicationFailure;
    expect(redacted).toMatchObject({
      type: 'HttpError',
      nonRetryable: true,
      message: 'GET /?k=[secret PASS] answered 500',
      details: [{ url: '[secret PASS]' }],
      nextRetryDelay: 1500,
    });
    expect((redacted.cause as Error).message).toBe('socket to [secret PASS] closed');
    expect(JSON.stringify([redacted.message, redacted.details, redacted.stack])).not.toContain('ss%20w');
  });

  it('turns a thrown non-error into an error with the text redacted', () => {
    expect((redactor.failure(`bad ${secret}`) as Error).message).toBe('bad [secret PASS]');
  });
});
