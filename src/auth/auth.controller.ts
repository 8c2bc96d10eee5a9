import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { NoStore } from '../common/no-store';
import { ProblemDto } from '../common/problem.dto';
import { Public, RequirePolicy, SkipPolicy } from '../common/access';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto, PasswordChangedDto } from './dto/auth.dto';
import { ClientIp, CurrentPrincipal, Principal } from '../common/principal';

@ApiTags('auth')
@NoStore()
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'login', summary: 'Log in with username (or email) and password' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description: 'invalid_credentials (the same for an unknown user and a wrong password).',
  })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'account_blocked.' })
  async login(@Body() dto: LoginDto, @ClientIp() ip: string): Promise<LoginResponseDto> {
    const { user, session } = await this.auth.login(dto.username, dto.password, ip);
    return { ...session, user: UserDto.of(user) };
  }

  @Get('me')
  @SkipPolicy('every authenticated caller may read its own account')
  @ApiOperation({ operationId: 'getMe', summary: "The caller's account, roles, policies and token claims" })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = await this.users.get(principal.userId);
    return { user: UserDto.of(user), roles: principal.roles, policies: [], claims: principal.claims };
  }

  /** Lives here, not in users: it checks the current password and hands back a fresh session. */
  @Put('users/:id/password')
  @RequirePolicy('ChangePassword', 'User:{id}')
  @ApiTags('users')
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change a password',
    description:
      'current_password is required for your own. Every token of the account is revoked; changing your own returns a fresh session.',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Weak password (validation_failed) or wrong current password (invalid_current_password).',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: ChangePasswordDto,
  ): Promise<PasswordChangedDto> {
    const { user, session } = await this.auth.changePassword(principal, id, dto.new_password, dto.current_password);
    return session ? { user: UserDto.of(user), session } : { user: UserDto.of(user) };
  }
}
