import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequirePolicy } from '../common/access';
import { MetricsService, PROMETHEUS_CONTENT_TYPE } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @RequirePolicy('Read', 'Metrics', { orFromAddressesIn: 'service.metrics.allow_ips' })
  @Header('content-type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics: requests, security events, database and Redis health, the process',
    description:
      'Prometheus text format (0.0.4); every metric is listed in docs/metrics.md. A client address listed in ' +
      'service.metrics.allow_ips needs no token (a Prometheus server); any other caller needs a bearer token ' +
      "allowed 'Read' on 'Metrics'.",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    schema: { type: 'string', example: '# TYPE jam_database_up gauge\njam_database_up 1\n' },
    description: 'The metrics in Prometheus text format.',
  })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
