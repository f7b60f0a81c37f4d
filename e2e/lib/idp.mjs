// A real OpenID provider for the external-login tests: npm's `oidc-provider`, started in this
// process on a free port, with a signing key made here (so that tests can also sign tokens the
// provider never issued: expired, for another audience). Its login and consent pages are the
// package's development interactions: any login name and password are accepted.

import Provider from "oidc-provider";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

export const CLIENT_ID = "pms";
export const CLIENT_SECRET = "pms-client-secret-for-the-e2e-provider";
export const AUDIENCE = "pms-api";
/** A client that is not PMS, with which a test obtains tokens for calling the API directly. */
export const TOOL_ID = "tool";
export const TOOL_SECRET = "tool-client-secret-for-the-e2e-provider";
// Nothing listens there: the test reads the code from the browser's attempt.
export const TOOL_REDIRECT = "http://127.0.0.1:65531/callback";

/** Roles the provider gives each login name, in Keycloak's `realm_access.roles`. */
const ROLES = {
  "idp-admin": ["PARTNER_ADMIN", "offline_access", "default-roles-pms"],
  "idp-nobody": ["offline_access"],
};

export async function startProvider({ issuer, pmsBase }) {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "e2e-key", alg: "RS256", use: "sig" };
  // oidc-provider names a user's subject by its account id.
  const claimsOf = (id) => ({
    sub: id,
    preferred_username: id,
    email: `${id}@idp.example`,
    given_name: "Ida",
    family_name: "Provider",
    realm_access: { roles: ROLES[id] ?? ["AUTH_PARTNER"] },
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${pmsBase}/login/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
      {
        client_id: TOOL_ID,
        client_secret: TOOL_SECRET,
        redirect_uris: [TOOL_REDIRECT],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [jwk] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => claimsOf(id) }),
    claims: { openid: ["sub"], profile: ["preferred_username", "given_name", "family_name", "realm_access"], email: ["email"] },
    // The profile claims go into the ID token too (Keycloak's habit), not only to userinfo.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      // Access tokens for PMS's API are JWTs for the audience `pms-api`, with the roles in them.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => "urn:pms:api",
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: "api", audience: AUDIENCE, accessTokenFormat: "jwt", jwt: { sign: { alg: "RS256" } } }),
      },
    },
    extraTokenClaims: async (_ctx, token) => {
      const claims = claimsOf(token.accountId);
      return { preferred_username: claims.preferred_username, realm_access: claims.realm_access };
    },
  });
  const port = Number(new URL(issuer).port);
  const server = await new Promise((ok) => {
    const s = provider.listen(port, "127.0.0.1", () => ok(s));
  });
  return {
    issuer,
    publicJwk: await exportJWK(publicKey),
    /** Signs claims with the provider's own key, as if the provider had issued them. */
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "e2e-key", typ: "at+jwt" }).sign(privateKey),
    claimsOf,
    async stop() {
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Signs claims with a key nobody published. */
export async function signWithStrangerKey(claims) {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "stranger" }).sign(privateKey);
}
