import 'reflect-metadata';
import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpException,
  Inject,
  NotFoundException,
  Post,
  Req,
  ServiceUnavailableException,
  StandardSchemaValidationPipe,
  ValidationPipe,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { z } from 'zod';
import { defineCatalog } from '../../../src/index.js';
import {
  ERRATA,
  ErrataFormat,
  ErrataJson,
  ErrataModule,
  type ErrataNest,
  ErrataSchemaPipe,
  validationExceptionFactory,
} from '../../../src/server/nestjs/index.js';

// The Nest app errors.test.ts runs on both platforms: controllers that throw every kind of error.

class Item {
  @IsInt()
  @Min(1)
  qty!: number;
}

class Order {
  @IsString()
  @MinLength(2)
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

const orderSchema = z.object({
  name: z.string().min(2),
  items: z.array(z.object({ qty: z.number().int().min(1) })),
});

/** A thrown value whose every inspection throws. */
const hostile = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('secret-internal');
      },
      getPrototypeOf() {
        throw new Error('secret-internal');
      },
    },
  );

@Controller('throw')
class ThrowController {
  @Get('conflict')
  conflict(): never {
    throw new ConflictException('The secret is locked.');
  }

  @Get('forbidden')
  forbidden(): never {
    throw new ForbiddenException();
  }

  @Get('object')
  object(): never {
    throw new HttpException({ message: 'No coffee here.', extra: 1 }, 418);
  }

  @Get('not-found')
  notFound(): never {
    throw new NotFoundException('No such order.');
  }

  @Get('server')
  server(): never {
    throw new HttpException('db at 10.0.0.7 is down', 500);
  }

  @Get('unavailable')
  unavailable(): never {
    throw new ServiceUnavailableException('replica 10.0.0.8 lagging');
  }

  @Get('string')
  string(): never {
    throw 'secret-internal';
  }

  @Get('undefined')
  undefinedValue(): never {
    throw undefined;
  }

  @Get('hostile')
  hostile(): never {
    throw hostile();
  }
}

@Controller('validate')
class ValidateController {
  constructor(@Inject(ERRATA) private readonly errata: ErrataNest) {}

  @Post('dto')
  @ErrataJson()
  dto(@Body(new ValidationPipe({ expectedType: Order })) order: Order) {
    return { name: order.name };
  }

  @Post('dto-exact')
  @ErrataJson()
  dtoExact(
    @Body(new ValidationPipe({ expectedType: Order, exceptionFactory: validationExceptionFactory }))
    order: Order,
  ) {
    return { name: order.name };
  }

  @Post('schema')
  @ErrataJson()
  schema(@Body(new ErrataSchemaPipe(orderSchema)) order: z.infer<typeof orderSchema>) {
    return { name: order.name };
  }

  @Post('nest-schema')
  @ErrataJson()
  nestSchema(
    @Body({ schema: orderSchema, pipes: [new StandardSchemaValidationPipe()] }) order: unknown,
  ) {
    return order;
  }

  @Post('declared-schema')
  declared(@Body({ schema: orderSchema, pipes: [new ErrataSchemaPipe()] }) order: unknown) {
    return order;
  }

  @Get('request-id')
  requestId(@Req() req: Parameters<ErrataNest['requestIdOf']>[0]) {
    return { requestId: this.errata.requestIdOf(req) };
  }
}

@Controller('pinned')
@ErrataFormat('problem')
class PinnedController {
  @Get()
  pinned(): never {
    throw new ConflictException('Pinned.');
  }
}

/** The app's catalog: roles only. */
export const catalog = defineCatalog({ errors: {} });

/** The test module, its onError reports pushed to `reports`. */
export function appModule(reports: unknown[]) {
  return {
    module: class TestModule {},
    imports: [
      ErrataModule.forRoot({
        catalog,
        format: 'envelope',
        bodyLimit: 1024,
        onError: (error) => {
          reports.push(error);
        },
      }),
    ],
    controllers: [ThrowController, ValidateController, PinnedController],
  };
}
