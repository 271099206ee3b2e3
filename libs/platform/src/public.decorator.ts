import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'opm:isPublic';

/** Opts a route (or a whole controller) out of the global deny-by-default guard. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
