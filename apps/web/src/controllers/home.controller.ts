import { Controller, Get, Render } from '@nestjs/common';
import { Public } from '@app/platform';

@Controller()
export class HomeController {
  /** What the platform is, for everyone. */
  @Public()
  @Get()
  @Render('pages/home')
  home() {
    return { pageTitle: 'Open procurement for the public sector' };
  }
}
