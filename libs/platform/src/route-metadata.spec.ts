import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from './route-metadata';

const Flag = Reflector.createDecorator<string>();

@SetMetadata('opm:test', 'class')
class Routes {
  @SetMetadata('opm:test', 'handler')
  @Flag('flagged')
  decorated() {}

  plain() {}
}

describe('RouteMetadata (route metadata read once per key and target)', () => {
  it("answers exactly as Nest's Reflector does: handler first, then the controller, undefined when neither has it", () => {
    const reflector = new Reflector();
    const routes = new RouteMetadata();
    const cases: [unknown, (Function | typeof Routes)[]][] = [
      ['opm:test', [Routes.prototype.decorated, Routes]],
      ['opm:test', [Routes.prototype.plain, Routes]],
      ['opm:missing', [Routes.prototype.plain, Routes]],
      [Flag, [Routes.prototype.decorated, Routes]],
      [Flag, [Routes.prototype.plain, Routes]],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [key, targets] of cases) expect(routes.getAllAndOverride(key as string, targets)).toEqual(reflector.getAllAndOverride(key as string, targets));
    }
    expect(routes.getAllAndOverride('opm:test', [Routes.prototype.plain, Routes])).toBe('class');
    expect(routes.getAllAndOverride(Flag, [Routes.prototype.decorated, Routes])).toBe('flagged');
  });

  it('reads reflect-metadata once per key and target, whatever it found (undefined included)', () => {
    const routes = new RouteMetadata();
    const reads = jest.spyOn(Reflect, 'getMetadata');
    try {
      for (let i = 0; i < 5; i++) {
        routes.getAllAndOverride('opm:test', [Routes.prototype.plain, Routes]);
        routes.getAllAndOverride('opm:missing', [Routes.prototype.plain, Routes]);
      }
      expect(reads).toHaveBeenCalledTimes(4); // (test, plain), (test, Routes), (missing, plain), (missing, Routes)
    } finally {
      reads.mockRestore();
    }
  });
});
