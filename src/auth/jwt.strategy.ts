import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import * as passportJwt from 'passport-jwt';
import { ConfigService } from '../config/config.service';
import { SigningService } from '../keys/signing.service';
import type { TokenClaims } from '../common/token-claims';
import type { Principal } from '../common/principal';
import { Container, extractToken, TokenSource } from './token-extraction';
import { TokenValidationService } from './token-validation.service';

type Verifier = (
  token: string,
  key: unknown,
  options: unknown,
  done: (error: unknown, payload?: unknown) => void,
) => void;

/**
 * passport-jwt verifies with jsonwebtoken by default and reads its options once at start-up.
 * Its documented injection point, JwtStrategy.JwtVerifier, lets the SigningService verify
 * instead: a prepared key, the algorithm pinned by current config, time checked on our clock.
 * The "key" passed through secretOrKeyProvider is that service.
 */
(passportJwt.Strategy as unknown as { JwtVerifier: Verifier }).JwtVerifier = (token, signing, _options, done) => {
  let claims: TokenClaims;
  try {
    claims = (signing as SigningService).verify(token);
  } catch (error) {
    return done(error);
  }
  done(null, claims);
};

/** Where each request's token came from, between extraction and validation (passport passes only the token on). */
const containers = new WeakMap<object, Container>();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService,
    signing: SigningService,
    private readonly validation: TokenValidationService,
  ) {
    super({
      jwtFromRequest: (request: TokenSource) => {
        const found = extractToken(request, {
          order: config.get('service.jwt.bearer') as Container[],
          queryParam: config.get('service.jwt.query_param_name'),
          cookieName: config.get('service.jwt.cookie_name'),
        });
        if (!found) return null;
        containers.set(request, found.container);
        return found.token;
      },
      secretOrKeyProvider: (_request: unknown, _token: string, done: (error: unknown, key?: unknown) => void) =>
        done(null, signing),
      passReqToCallback: true,
    } as never);
  }

  validate(request: { ip: string }, claims: TokenClaims): Promise<Principal> {
    // Passport only validates a token it extracted, so the entry exists; were it missing, the
    // strictest container is assumed rather than one that skips the cookie's origin check.
    return this.validation.validate(claims, request.ip, containers.get(request) ?? 'cookie');
  }
}
