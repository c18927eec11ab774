import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { CallerResolver, isAuthError } from '../../src';

/** A stand-in for the API's resolvers: answers with the Caller, or the AuthError's code. */
@Controller('whoami')
export class WhoAmIController {
  constructor(@Inject(CallerResolver) private readonly callers: CallerResolver) {}

  @Get()
  async whoami(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    res.setHeader('content-type', 'application/json');
    try {
      res.end(JSON.stringify(await this.callers.resolve(req)));
    } catch (error) {
      if (!isAuthError(error)) throw error;
      res.statusCode = error.code === 'FORBIDDEN' ? 403 : 401;
      res.end(JSON.stringify({ code: error.code, message: error.message }));
    }
  }
}
