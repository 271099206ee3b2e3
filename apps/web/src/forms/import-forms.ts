import { IsIn, IsOptional } from 'class-validator';
import { OptionalText, RequiredText } from './forms';

/** The text fields of the import upload (the file itself arrives through multer, see configure-web). */
export class ImportUploadForm {
  @IsOptional() @IsIn(['auto', 'ocds', 'spend'], { message: 'Select what kind of file it is' })
  kind?: 'auto' | 'ocds' | 'spend';

  @IsOptional() @IsIn(['latin1', 'macroman', 'utf8'], { message: 'Select the text encoding of the CSV file' })
  encoding?: 'latin1' | 'macroman' | 'utf8';
}

export class FxRatesForm {
  @RequiredText('Rates', 'Paste the rates as CSV with the header currency,valid_from,gbp_per_unit', 2_000_000)
  csv: string;

  @OptionalText('Source', 200)
  source?: string;
}
