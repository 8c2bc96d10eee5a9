import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { SIGNING_ALGORITHMS } from '../../config/catalogue';
import { EC_CURVES } from '../key-material';

const RSA_ALGORITHMS = SIGNING_ALGORITHMS.filter((algorithm) => algorithm.startsWith('RS'));
const EC_ALGORITHMS = SIGNING_ALGORITHMS.filter((algorithm) => algorithm.startsWith('ES'));

/** The members every published key has (RFC 7517 §4): it verifies signatures of one algorithm. */
class PublicJwkDto {
  @ApiProperty({ description: 'Key id: the `kid` header of the tokens it verifies.' })
  kid: string;

  @ApiProperty({ enum: ['sig'] })
  use: 'sig';
}

/** An RSA public key (RFC 7518 §6.3.1). */
export class RsaJwkDto extends PublicJwkDto {
  @ApiProperty({ enum: ['RSA'] })
  kty: 'RSA';

  @ApiProperty({ enum: RSA_ALGORITHMS })
  alg: string;

  @ApiProperty({ description: 'Modulus (base64url).' })
  n: string;

  @ApiProperty({ description: 'Exponent (base64url).', example: 'AQAB' })
  e: string;
}

/** An elliptic-curve public key (RFC 7518 §6.2.1). */
export class EcJwkDto extends PublicJwkDto {
  @ApiProperty({ enum: ['EC'] })
  kty: 'EC';

  @ApiProperty({ enum: EC_ALGORITHMS })
  alg: string;

  @ApiProperty({ enum: [...new Set(Object.values(EC_CURVES))] })
  crv: string;

  @ApiProperty({ description: 'x coordinate (base64url).' })
  x: string;

  @ApiProperty({ description: 'y coordinate (base64url).' })
  y: string;
}

/** An Ed25519 public key (RFC 8037 §2): an octet key pair, for EdDSA. */
export class OkpJwkDto extends PublicJwkDto {
  @ApiProperty({ enum: ['OKP'] })
  kty: 'OKP';

  @ApiProperty({ enum: ['EdDSA'] })
  alg: 'EdDSA';

  @ApiProperty({ enum: ['Ed25519'] })
  crv: 'Ed25519';

  @ApiProperty({ description: 'Public key (base64url).' })
  x: string;
}

export type JwkDto = RsaJwkDto | EcJwkDto | OkpJwkDto;

/**
 * An RFC 7517 JWK Set: the public key of an asymmetric algorithm, none for HMAC (a secret is never
 * published). Register RsaJwkDto, EcJwkDto and OkpJwkDto as extra models where this is used.
 */
export class JwkSetDto {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(RsaJwkDto) },
        { $ref: getSchemaPath(EcJwkDto) },
        { $ref: getSchemaPath(OkpJwkDto) },
      ],
      discriminator: {
        propertyName: 'kty',
        mapping: { RSA: getSchemaPath(RsaJwkDto), EC: getSchemaPath(EcJwkDto), OKP: getSchemaPath(OkpJwkDto) },
      },
    },
  })
  keys: JwkDto[];
}
