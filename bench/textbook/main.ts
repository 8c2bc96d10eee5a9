import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Request, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Column, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';
import { AuthGuard, PassportStrategy } from './nest-passport';

/**
 * The baseline the server is compared with: the NestJS documentation's authentication chapter
 * ("Implementing Passport JWT") on Fastify, with `validate()` loading the user through TypeORM
 * (`findOneBy`) on every request as the chapter suggests, on SQLite through better-sqlite3.
 * JWT_SECRET is the string secret (HS256), DATABASE the SQLite file, PORT the port; one user,
 * id 1, is seeded at start.
 */
const SECRET = process.env.JWT_SECRET ?? 'textbook-secret';

@Entity()
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  username: string;

  @Column()
  email: string;
}

@Injectable()
class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findOne(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async seed(): Promise<void> {
    if (!(await this.users.count())) await this.users.save({ username: 'john', email: 'john@example.com' });
  }
}

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly usersService: UsersService) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: false, secretOrKey: SECRET });
  }

  async validate(payload: { sub: number }): Promise<User | null> {
    return this.usersService.findOne(payload.sub);
  }
}

@Controller()
class ProfileController {
  @UseGuards(AuthGuard('jwt'))
  @Get('me')
  me(@Request() request: { user: User }): User {
    return request.user;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.DATABASE ?? ':memory:',
      entities: [User],
      synchronize: true,
    }),
    TypeOrmModule.forFeature([User]),
  ],
  controllers: [ProfileController],
  providers: [UsersService, JwtStrategy],
})
class TextbookModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(TextbookModule, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.get(UsersService).seed();
  await app.listen(Number(process.env.PORT ?? 3919), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
