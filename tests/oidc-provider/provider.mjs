// A real OpenID provider for the gateway's sign-on tests: npm's
// oidc-provider, on the port in PORT, with one confidential client whose
// redirect URI is REDIRECT_URI. People (the account id typed at its
// login form is the person):
//   ada    ada@example.com, groups payments-editors
//   vic    vic@example.com, groups payments-viewers
//   mallory mallory@example.com, groups marketing (no role)
//   eve    eve@elsewhere.org, groups payments-editors (another domain)
// Consent is granted without asking (a first-party client). Signing out
// (RP-initiated logout) asks to confirm, then sends the browser back to
// the console. Test hooks:
// POST /test/tamper makes the next token response carry an ID token whose
// claims were changed after signing; CODE_TTL sets how many seconds an
// authorization code lives (default 60). Its signing key is made anew at
// each start, as a provider that rotates its keys would.
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: `key-${Date.now()}`, alg: 'RS256', use: 'sig' };

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const people = {
  ada: { email: 'ada@example.com', groups: ['payments-editors'], name: 'Ada Lovelace' },
  vic: { email: 'vic@example.com', groups: ['payments-viewers'], name: 'Vic Viewer' },
  mallory: { email: 'mallory@example.com', groups: ['marketing'], name: 'Mallory' },
  eve: { email: 'eve@elsewhere.org', groups: ['payments-editors'], name: 'Eve' },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'payments-console',
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    // RP-initiated logout sends the browser back to the console's start.
    post_logout_redirect_uris: [`${new URL(process.env.REDIRECT_URI).origin}/`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  conformIdTokenClaims: false,
  ttl: { AuthorizationCode: Number(process.env.CODE_TTL || 60) },
  cookies: { keys: ['test-only-cookie-key'] },
  jwks: { keys: [signingKey] },
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: person.email, email_verified: true, name: person.name, groups: person.groups };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const existing = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

let tamper = false;
provider.use(async (ctx, next) => {
  if (ctx.path === '/test/tamper' && ctx.method === 'POST') {
    tamper = true;
    ctx.body = 'the next ID token will be tampered with';
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
    tamper = false;
    const [head, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.email = 'boss@example.com';
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    ctx.body = { ...ctx.body, id_token: `${head}.${forged}.${signature}` };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
