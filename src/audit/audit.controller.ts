import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePolicy } from '../common/access';
import { PageDto } from '../common/pagination';
import { ProblemDto } from '../common/problem.dto';
import { AuditChainService } from './audit-chain.service';
import { AuditService } from './audit.service';
import { AuditEventDto, ChainReportDto, ListAuditEventsQueryDto } from './dto/audit.dto';

const AuditEventPageDto = PageDto(AuditEventDto, 'AuditEventPageDto');

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly chain: AuditChainService,
  ) {}

  @Get()
  @RequirePolicy('List', 'AuditLog')
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'Security events, newest first, filtered by type, user and time (since and until inclusive)',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@Query() query: ListAuditEventsQueryDto): Promise<InstanceType<typeof AuditEventPageDto>> {
    const page = await this.audit.list(query);
    return { ...page, items: page.items.map((event) => AuditEventDto.of(event)) };
  }

  @Get('verify')
  @RequirePolicy('Read', 'AuditLog')
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: "Check the audit log's hash chain: every row unaltered, none missing since the prune anchor",
  })
  @ApiOkResponse({ type: ChainReportDto })
  verify(): Promise<ChainReportDto> {
    return this.chain.verify();
  }
}
